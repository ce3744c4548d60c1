using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Trakt;

/// <summary>Who a member is at Trakt, from /users/settings.</summary>
public sealed record TraktAccount(string Username, string Slug, string? Uuid, bool Vip)
{
    /// <summary>What makes one account one: the uuid, which survives a rename, else the slug.</summary>
    public string Key => Uuid ?? Slug;
}

/// <summary>A member's Trakt link as stored: who they are at Trakt, and the sealed token pair.</summary>
public sealed record TraktLink(long MemberId, string? Username, string? Slug, bool Vip, DateTimeOffset? LinkedAt,
    DateTimeOffset ExpiresAt, string? RelinkReason, string? RedirectUri, string SealedAccess, string SealedRefresh)
{
    public bool NeedsRelink => RelinkReason is not null;
    public override string ToString() => $"Trakt link of member {MemberId} ({Username})"; // never the sealed tokens
}

/// <summary>
/// The trakt_auth table. Token writes are compare-and-swap on the stored refresh token, and a refresh
/// is claimed in the row before it is sent, so two requests, two jobs or two app processes on one
/// data directory never send one single-use refresh token twice.
/// </summary>
public sealed class TraktTokenStore(Db db, TokenVault vault, TimeProvider time)
{
    private const string SelectLink = """
        SELECT user_id AS MemberId, trakt_user AS Username, trakt_slug AS Slug, trakt_vip AS Vip, linked_at AS LinkedAt,
               expires_at AS ExpiresAt, relink_reason AS RelinkReason, redirect_uri AS RedirectUri, access_token AS SealedAccess, refresh_token AS SealedRefresh
        FROM trakt_auth
        """;

    public static string AccessPurpose(long memberId) => TokenVault.TraktAccessPurpose(memberId);
    public static string RefreshPurpose(long memberId) => TokenVault.TraktRefreshPurpose(memberId);

    public async Task<TraktLink?> FindAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"{SelectLink} WHERE user_id = @memberId", new { memberId });
        return row?.ToLink();
    }

    /// <summary>Every member with a usable link, for jobs.</summary>
    public async Task<IReadOnlyList<TraktLink>> ListLinkedAsync()
    {
        await using var connection = db.OpenConnection();
        return (await connection.QueryAsync<Row>($"{SelectLink} WHERE relink_reason IS NULL ORDER BY user_id")).Select(r => r.ToLink()).ToList();
    }

    /// <summary>The member's id whose link is this Trakt account (its uuid, else its slug), if any.</summary>
    public async Task<long?> MemberLinkedToAsync(TraktAccount account)
    {
        await using var connection = db.OpenConnection();
        return await connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT user_id FROM trakt_auth WHERE coalesce(trakt_uuid, trakt_slug) = @Key", new { account.Key });
    }

    /// <summary>Stores a new link (or replaces the member's old one). False when the Trakt account is another member's.</summary>
    public async Task<bool> SaveLinkAsync(long memberId, TraktJson.Token token, string redirectUri, TraktAccount account)
    {
        await using var connection = db.OpenConnection();
        try
        {
            await connection.ExecuteAsync("""
                INSERT INTO trakt_auth (user_id, trakt_user, trakt_slug, trakt_uuid, trakt_vip, access_token, refresh_token, expires_at, redirect_uri, linked_at, created_at)
                VALUES (@memberId, @Username, @Slug, @Uuid, @Vip, @access, @refresh, @expiresAt, @redirectUri, @now, @now)
                ON CONFLICT (user_id) DO UPDATE SET trakt_user = excluded.trakt_user, trakt_slug = excluded.trakt_slug, trakt_uuid = excluded.trakt_uuid,
                    trakt_vip = excluded.trakt_vip, access_token = excluded.access_token, refresh_token = excluded.refresh_token,
                    expires_at = excluded.expires_at, redirect_uri = excluded.redirect_uri, linked_at = excluded.linked_at, relink_reason = NULL,
                    refresh_claim = NULL, refresh_claimed_until = NULL
                """, new
            {
                memberId, account.Username, account.Slug, account.Uuid, account.Vip, redirectUri,
                access = vault.Seal(token.AccessToken, AccessPurpose(memberId)),
                refresh = vault.Seal(token.RefreshToken, RefreshPurpose(memberId)),
                expiresAt = SqliteTime.ToText(token.ExpiresAt),
                now = SqliteTime.ToText(time.GetUtcNow()),
            });
            return true;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == 2067) // SQLITE_CONSTRAINT_UNIQUE on the account: linked to someone else
        {
            return false;
        }
    }

    /// <summary>
    /// Claims the right to send the refresh token <paramref name="sealedRefresh"/> (as read), unless it was
    /// replaced meanwhile or another claim's lease is still running. The lease outlives the refresh's timeout.
    /// </summary>
    public async Task<bool> TryClaimRefreshAsync(long memberId, string sealedRefresh, string claim, TimeSpan lease)
    {
        var now = time.GetUtcNow();
        await using var connection = db.OpenConnection();
        return await connection.ExecuteAsync("""
            UPDATE trakt_auth SET refresh_claim = @claim, refresh_claimed_until = @until
            WHERE user_id = @memberId AND refresh_token = @sealedRefresh AND relink_reason IS NULL
              AND (refresh_claimed_until IS NULL OR refresh_claimed_until < @now)
            """, new { memberId, sealedRefresh, claim, until = SqliteTime.ToText(now + lease), now = SqliteTime.ToText(now) }) == 1;
    }

    /// <summary>
    /// Saves the pair a claimed refresh got, before anyone uses it: while the claim holds, or (its lease
    /// ran out meanwhile) while the row still has the refresh token that was sent, which Trakt has now
    /// spent. False when the member unlinked or linked again meanwhile.
    /// </summary>
    public async Task<bool> SaveRefreshedAsync(long memberId, string claim, string sealedRefreshSent, TraktJson.Token token)
    {
        await using var connection = db.OpenConnection();
        return await connection.ExecuteAsync("""
            UPDATE trakt_auth SET access_token = @access, refresh_token = @refresh, expires_at = @expiresAt,
                                  refresh_claim = NULL, refresh_claimed_until = NULL, relink_reason = NULL
            WHERE user_id = @memberId AND (refresh_claim = @claim OR refresh_token = @sealedRefreshSent)
            """, new
        {
            memberId, claim, sealedRefreshSent,
            access = vault.Seal(token.AccessToken, AccessPurpose(memberId)),
            refresh = vault.Seal(token.RefreshToken, RefreshPurpose(memberId)),
            expiresAt = SqliteTime.ToText(token.ExpiresAt),
        }) == 1;
    }

    /// <summary>Gives up a claim whose refresh did not get an answer; the same refresh token may be tried again later.</summary>
    public async Task ReleaseClaimAsync(long memberId, string claim)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync(
            "UPDATE trakt_auth SET refresh_claim = NULL, refresh_claimed_until = NULL WHERE user_id = @memberId AND refresh_claim = @claim",
            new { memberId, claim });
    }

    /// <summary>Trakt refused the tokens for good: keep who the account was, drop nothing else, ask the member to link again.</summary>
    public async Task MarkRelinkNeededAsync(long memberId, string reason)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync(
            "UPDATE trakt_auth SET relink_reason = @reason, refresh_claim = NULL, refresh_claimed_until = NULL WHERE user_id = @memberId",
            new { memberId, reason });
    }

    public async Task<bool> DeleteAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        return await connection.ExecuteAsync("DELETE FROM trakt_auth WHERE user_id = @memberId", new { memberId }) == 1;
    }

    // Properties, not a positional record: Dapper converts SQLite's integers to bool only for settable members.
    private sealed class Row
    {
        public long MemberId { get; init; }
        public string? Username { get; init; }
        public string? Slug { get; init; }
        public bool Vip { get; init; }
        public string? LinkedAt { get; init; }
        public string? ExpiresAt { get; init; }
        public string? RelinkReason { get; init; }
        public string? RedirectUri { get; init; }
        public string SealedAccess { get; init; } = "";
        public string SealedRefresh { get; init; } = "";

        public TraktLink ToLink() => new(MemberId, Username, Slug, Vip, LinkedAt is null ? null : SqliteTime.Parse(LinkedAt),
            ExpiresAt is null ? DateTimeOffset.MinValue : SqliteTime.Parse(ExpiresAt), RelinkReason, RedirectUri, SealedAccess, SealedRefresh);
    }
}
