using System.Security.Cryptography;
using System.Text;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.AccessTokens;

/// <summary>One of a member's tokens as listed (never the token itself).</summary>
public sealed record AccessTokenInfo(long Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>
/// Personal access tokens: a member makes one for an app (shown once), sees when each was last used,
/// and revokes any. A token is 32 random bytes; only its SHA-256 is stored, so a copy of the database
/// does not give anyone a working token.
/// </summary>
public sealed class AccessTokenStore(Db db, TimeProvider time)
{
    public const string Prefix = "mn_";
    public const int MaxNameLength = 60;
    private static readonly TimeSpan LastUseGranularity = TimeSpan.FromMinutes(1);

    public async Task<string> CreateAsync(long memberId, string name)
    {
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync(
            "INSERT INTO access_tokens (user_id, name, token_hash, created_at) VALUES (@memberId, @name, @hash, @now)",
            new { memberId, name = name.Trim(), hash = Hash(token), now = SqliteTime.ToText(time.GetUtcNow()) });
        return token;
    }

    public async Task<IReadOnlyList<AccessTokenInfo>> ListAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        var rows = await connection.QueryAsync<(long Id, string Name, string CreatedAt, string? LastUsedAt)>(
            "SELECT id, name, created_at, last_used_at FROM access_tokens WHERE user_id = @memberId AND revoked_at IS NULL ORDER BY id",
            new { memberId });
        return rows.Select(r => new AccessTokenInfo(r.Id, r.Name, SqliteTime.Parse(r.CreatedAt), r.LastUsedAt is null ? null : SqliteTime.Parse(r.LastUsedAt))).ToList();
    }

    public async Task<bool> RevokeAsync(long memberId, long tokenId)
    {
        await using var connection = db.OpenConnection();
        return await connection.ExecuteAsync(
            "UPDATE access_tokens SET revoked_at = @now WHERE id = @tokenId AND user_id = @memberId AND revoked_at IS NULL",
            new { tokenId, memberId, now = SqliteTime.ToText(time.GetUtcNow()) }) == 1;
    }

    /// <summary>The active member a token belongs to, if it is one of theirs and not revoked; notes its use (at most once a minute).</summary>
    public async Task<long?> MemberOfAsync(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100) return null;
        var now = time.GetUtcNow();
        await using var connection = db.OpenConnection();
        var found = await connection.QuerySingleOrDefaultAsync<(long Id, long MemberId, string? LastUsedAt)?>("""
            SELECT t.id, t.user_id, t.last_used_at FROM access_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = @hash AND t.revoked_at IS NULL AND u.is_active = 1
            """, new { hash = Hash(token) });
        if (found is not { } row) return null;
        if (row.LastUsedAt is null || now - SqliteTime.Parse(row.LastUsedAt) > LastUseGranularity)
            await connection.ExecuteAsync("UPDATE access_tokens SET last_used_at = @now WHERE id = @id", new { id = row.Id, now = SqliteTime.ToText(now) });
        return row.MemberId;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
