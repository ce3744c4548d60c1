using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Household;

public sealed record SessionInfo(string Id, long MemberId, string Device, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt);

/// <summary>
/// Sign-in sessions in the database. Every request checks its session here, so lookups come from a
/// short in-memory cache; ending sessions evicts them at once, and last-seen is written at most
/// every <see cref="LastSeenEvery"/>, so a busy evening of votes costs no extra writes.
/// </summary>
public sealed class MemberSessions(Db db, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LastSeenEvery = TimeSpan.FromMinutes(5);

    private sealed record Cached(SessionInfo? Session, DateTimeOffset ReadAt);
    private readonly ConcurrentDictionary<string, Cached> cache = new();
    private long evictions;

    private const string SelectSession = """
        SELECT id AS Id, user_id AS MemberId, device AS Device, created_at AS CreatedAt, last_seen_at AS LastSeenAt FROM sessions
        """;

    private sealed record SessionRow(string Id, long MemberId, string Device, string CreatedAt, string LastSeenAt)
    {
        public SessionInfo ToInfo() => new(Id, MemberId, Device, SqliteTime.Parse(CreatedAt), SqliteTime.Parse(LastSeenAt));
    }

    public async Task<SessionInfo> StartAsync(long memberId, string? userAgent)
    {
        var now = time.GetUtcNow();
        var session = new SessionInfo(Base64Url(RandomNumberGenerator.GetBytes(16)), memberId, DeviceNames.FromUserAgent(userAgent), now, now);
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("""
            INSERT INTO sessions (id, user_id, device, created_at, last_seen_at) VALUES (@Id, @MemberId, @Device, @now, @now);
            DELETE FROM sessions WHERE last_seen_at < @expired;
            """, new { session.Id, session.MemberId, session.Device, now = SqliteTime.ToText(now), expired = SqliteTime.ToText(now - MemberSession.Lifetime) });
        return session;
    }

    /// <summary>The live session with this id, or null when it ended or lay unused longer than a sign-in lasts.</summary>
    public async Task<SessionInfo?> FindAsync(string id)
    {
        var now = time.GetUtcNow();
        if (!cache.TryGetValue(id, out var cached) || now - cached.ReadAt >= CacheFor)
        {
            var evictionsBeforeRead = Interlocked.Read(ref evictions);
            await using var connection = db.OpenConnection();
            var row = await connection.QuerySingleOrDefaultAsync<SessionRow>($"{SelectSession} WHERE id = @id", new { id });
            cached = new Cached(row?.ToInfo(), now);
            // A read that began before an eviction must not bring the ended session back.
            if (Interlocked.Read(ref evictions) == evictionsBeforeRead) cache[id] = cached;
        }
        return cached.Session is { } session && now - session.LastSeenAt < MemberSession.Lifetime ? session : null;
    }

    /// <summary>Records that the session is in use, at most every few minutes.</summary>
    public async Task TouchAsync(SessionInfo session)
    {
        var now = time.GetUtcNow();
        if (now - session.LastSeenAt < LastSeenEvery) return;
        var evictionsBeforeWrite = Interlocked.Read(ref evictions);
        await using var connection = db.OpenConnection();
        var touched = await connection.ExecuteAsync("UPDATE sessions SET last_seen_at = @now WHERE id = @Id",
            new { session.Id, now = SqliteTime.ToText(now) });
        if (touched == 1 && Interlocked.Read(ref evictions) == evictionsBeforeWrite)
            cache[session.Id] = new Cached(session with { LastSeenAt = now }, now);
    }

    public async Task<IReadOnlyList<SessionInfo>> ListAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        var rows = await connection.QueryAsync<SessionRow>($"{SelectSession} WHERE user_id = @memberId ORDER BY last_seen_at DESC", new { memberId });
        var now = time.GetUtcNow();
        return rows.Select(r => r.ToInfo()).Where(s => now - s.LastSeenAt < MemberSession.Lifetime).ToList();
    }

    /// <summary>Ends one of the member's sessions (a session id alone never ends someone else's).</summary>
    public async Task EndAsync(long memberId, string id)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("DELETE FROM sessions WHERE id = @id AND user_id = @memberId", new { id, memberId });
        Evict(s => s.Id == id);
    }

    /// <summary>Ends every session of the member but <paramref name="except"/> (the device asking, when it stays signed in).</summary>
    public async Task EndAllAsync(long memberId, string? except = null)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("DELETE FROM sessions WHERE user_id = @memberId AND id IS NOT @except", new { memberId, except });
        Evict(s => s.MemberId == memberId && s.Id != except);
    }

    private void Evict(Func<SessionInfo, bool> ended)
    {
        Interlocked.Increment(ref evictions);
        foreach (var (id, cached) in cache)
        {
            // Unknown ids are dropped too: the cache holds only what is worth keeping.
            if (cached.Session is null || ended(cached.Session)) cache.TryRemove(id, out _);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
