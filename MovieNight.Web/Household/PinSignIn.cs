using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Household;

public abstract record PinCheck
{
    public sealed record Accepted(Member Member) : PinCheck;
    public sealed record WrongPin(int AttemptsLeft) : PinCheck;
    public sealed record LockedOut(DateTimeOffset Until) : PinCheck;
    /// <summary>The member has no PIN yet (imported or reset): they choose one now.</summary>
    public sealed record NoPinYet : PinCheck;
    public sealed record Unavailable : PinCheck;
}

/// <summary>
/// Checks a member's PIN. Five wrong PINs in a row lock the profile for a minute; each further
/// lock doubles, up to an hour. A right PIN clears the count.
/// </summary>
public sealed class PinSignIn(Db db, MemberStore members, TimeProvider time)
{
    public const int AttemptsBeforeLock = 5;
    public static readonly TimeSpan FirstLock = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestLock = TimeSpan.FromHours(1);

    private sealed class PinState
    {
        public string? Pin { get; init; }
        public bool IsActive { get; init; }
        public string? LockedUntil { get; init; }
    }

    public async Task<PinCheck> CheckAsync(long memberId, string pin)
    {
        PinState? state;
        await using (var connection = db.OpenConnection())
        {
            state = await connection.QuerySingleOrDefaultAsync<PinState>(
                "SELECT pin AS Pin, is_active AS IsActive, locked_until AS LockedUntil FROM users WHERE id = @memberId", new { memberId });
        }
        if (state is null || !state.IsActive) return new PinCheck.Unavailable();
        var now = time.GetUtcNow();
        if (state.LockedUntil is not null && SqliteTime.Parse(state.LockedUntil) > now)
            return new PinCheck.LockedOut(SqliteTime.Parse(state.LockedUntil));
        if (state.Pin is null) return new PinCheck.NoPinYet();

        // PBKDF2 takes a while; it runs outside any transaction so it never blocks other writers.
        if (PinHasher.Verify(state.Pin, pin))
        {
            // A lock set meanwhile by parallel wrong guesses still holds: the right PIN waits it out too.
            await using var connection = db.OpenConnection();
            var cleared = await connection.ExecuteAsync("""
                UPDATE users SET failed_pin_attempts = 0, lockout_count = 0, locked_until = NULL
                WHERE id = @memberId AND (locked_until IS NULL OR locked_until <= @now)
                """, new { memberId, now = SqliteTime.ToText(time.GetUtcNow()) });
            if (cleared == 0 && await LockedUntilAsync(memberId) is { } until) return new PinCheck.LockedOut(until);
            return await members.FindAsync(memberId) is { } member ? new PinCheck.Accepted(member) : new PinCheck.Unavailable();
        }
        return await RecordWrongPinAsync(memberId, time.GetUtcNow());
    }

    /// <summary>Locked until when, or null; for showing the lock before anyone types.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        var until = await connection.ExecuteScalarAsync<string?>("SELECT locked_until FROM users WHERE id = @memberId", new { memberId });
        return until is not null && SqliteTime.Parse(until) > time.GetUtcNow() ? SqliteTime.Parse(until) : null;
    }

    public static TimeSpan LockLength(int lockNumber) =>
        TimeSpan.FromTicks(Math.Min(LongestLock.Ticks, FirstLock.Ticks << Math.Min(lockNumber - 1, 16)));

    private async Task<PinCheck> RecordWrongPinAsync(long memberId, DateTimeOffset now)
    {
        // One write transaction (SQLite's BEGIN IMMEDIATE): simultaneous wrong PINs all count.
        await using var connection = db.OpenConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var (failed, locks, lockedUntil) = await connection.QuerySingleAsync<(long, long, string?)>(
            "SELECT failed_pin_attempts, lockout_count, locked_until FROM users WHERE id = @memberId", new { memberId }, transaction);
        // Guesses that were already under way when the lock fell don't count towards the next one.
        if (lockedUntil is not null && SqliteTime.Parse(lockedUntil) > now) return new PinCheck.LockedOut(SqliteTime.Parse(lockedUntil));
        failed++;
        if (failed < AttemptsBeforeLock)
        {
            await connection.ExecuteAsync("UPDATE users SET failed_pin_attempts = @failed WHERE id = @memberId",
                new { memberId, failed }, transaction);
            await transaction.CommitAsync();
            return new PinCheck.WrongPin(AttemptsBeforeLock - (int)failed);
        }
        var until = now + LockLength((int)locks + 1);
        await connection.ExecuteAsync("""
            UPDATE users SET failed_pin_attempts = 0, lockout_count = lockout_count + 1, locked_until = @until
            WHERE id = @memberId
            """, new { memberId, until = SqliteTime.ToText(until) }, transaction);
        await transaction.CommitAsync();
        return new PinCheck.LockedOut(until);
    }
}
