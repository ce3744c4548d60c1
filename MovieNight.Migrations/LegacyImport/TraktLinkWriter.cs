using Dapper;
using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Carries the old app's Trakt links over, so members need not link again: the tokens are sealed by
/// MovieNight's token vault under the member's new id, and the account is known by its username
/// (the old app kept no uuid). A link that would clash with one the database holds is skipped.
/// </summary>
internal sealed class TraktLinkWriter(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyDictionary<string, long> memberIds,
    TimeProvider time)
{
    public int Write(IEnumerable<LegacyTraktLink> links, Func<TokenVault> vault, List<SkippedRecord> skipped)
    {
        var written = 0;
        var now = time.GetUtcNow();
        foreach (var link in links)
        {
            var memberId = memberIds[link.Member];
            var slug = link.Username?.ToLowerInvariant();
            var holder = connection.QueryFirstOrDefault<long?>(
                "SELECT user_id FROM trakt_auth WHERE user_id = @memberId OR coalesce(trakt_uuid, trakt_slug) = @slug",
                new { memberId, slug }, transaction);
            if (holder is not null)
            {
                skipped.Add(new SkippedRecord(link.JsonPath, holder == memberId
                    ? $"{link.Member} is already linked to Trakt here; that link was kept"
                    : $"the Trakt account {link.Username} is already linked to another member here; {link.Member} must link again"));
                continue;
            }
            connection.Execute("""
                INSERT INTO trakt_auth (user_id, trakt_user, trakt_slug, trakt_uuid, trakt_vip, access_token, refresh_token,
                                        expires_at, redirect_uri, linked_at, relink_reason, created_at)
                VALUES (@memberId, @username, @slug, NULL, 0, @access, @refresh, @expiresAt, NULL, @linkedAt, NULL, @now)
                """,
                new
                {
                    memberId, username = link.Username, slug,
                    access = vault().Seal(link.AccessToken, TokenVault.TraktAccessPurpose(memberId)),
                    refresh = vault().Seal(link.RefreshToken, TokenVault.TraktRefreshPurpose(memberId)),
                    // Unknown expiry: expired now, so the app refreshes before first use.
                    expiresAt = SqliteTime.ToText(link.ExpiresAt ?? now),
                    linkedAt = SqliteTime.ToText(link.LinkedAt ?? now),
                    now = SqliteTime.ToText(now),
                }, transaction);
            written++;
        }
        return written;
    }
}
