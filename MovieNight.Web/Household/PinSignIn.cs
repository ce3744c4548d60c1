using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Household;

public abstract record PinCheck
{
    public sealed record Accepted(Member Member) : PinCheck;
    /// <param name="KnownDevice">The attempts left are this device's own, not the profile's.</param>
    public sealed record WrongPin(int AttemptsLeft, bool KnownDevice) : PinCheck;
    public sealed record LockedOut(DateTimeOffset Until) : PinCheck;
    /// <summary>The member has no PIN yet (imported or reset): they choose one with a setup code.</summary>
    public sealed record NoPinYet : PinCheck;
    /// <summary>The setup code is wrong, used or expired (it counts like a wrong PIN).</summary>
    public sealed record WrongSetupCode(int AttemptsLeft) : PinCheck;
    public sealed record Unavailable : PinCheck;
}

/// <summary>
/// Checks a member's PIN. From an unknown device, five wrong PINs in a row lock the profile for a
/// minute; each further lock doubles, up to an hour; a right PIN clears the count. A device that
/// signed in to the profile before (see <see cref="KnownDevices"/>) is not held by that lock and
/// has its own count instead, so strangers' guesses cannot lock the member out of their own phone.
/// </summary>
public sealed class PinSignIn(Db db, MemberStore members, PinHashes hashes, KnownDevices devices, TimeProvider time)
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

    private async Task<PinState?> StateAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        return await connection.QuerySingleOrDefaultAsync<PinState>(
            "SELECT pin AS Pin, is_active AS IsActive, locked_until AS LockedUntil FROM users WHERE id = @memberId", new { memberId });
    }

    /// <param name="knownDevice">The device's id from <see cref="KnownDevices.RecognizeAsync"/>, or null for an unknown device.</param>
    public async Task<PinCheck> CheckAsync(long memberId, string pin, string? knownDevice = null)
    {
        var state = await StateAsync(memberId);
        if (state is null || !state.IsActive) return new PinCheck.Unavailable();
        var now = time.GetUtcNow();
        if (knownDevice is null && state.LockedUntil is not null && SqliteTime.Parse(state.LockedUntil) > now)
            return new PinCheck.LockedOut(SqliteTime.Parse(state.LockedUntil));
        if (state.Pin is null) return new PinCheck.NoPinYet();

        // PBKDF2 takes a while; it runs outside any transaction so it never blocks other writers.
        var match = hashes.Verify(state.Pin, pin);
        if (match == PinMatch.Wrong)
        {
            if (knownDevice is null) return await RecordWrongPinAsync(memberId, time.GetUtcNow());
            await CountWrongPinForMemberAsync(memberId);
            return new PinCheck.WrongPin(await devices.RecordWrongPinAsync(knownDevice), KnownDevice: true);
        }
        await using (var connection = db.OpenConnection())
        {
            // Hashes from before the pepper (or from an import) are rewritten peppered, now that the PIN is known.
            if (match == PinMatch.RightButNotPeppered)
                await connection.ExecuteAsync("UPDATE users SET pin = @peppered WHERE id = @memberId AND pin = @old",
                    new { memberId, old = state.Pin, peppered = hashes.Hash(pin) });
            if (knownDevice is null)
            {
                // A lock set meanwhile by parallel wrong guesses still holds: the right PIN waits it out too.
                var cleared = await connection.ExecuteAsync("""
                    UPDATE users SET failed_pin_attempts = 0, lockout_count = 0, locked_until = NULL
                    WHERE id = @memberId AND (locked_until IS NULL OR locked_until <= @now)
                    """, new { memberId, now = SqliteTime.ToText(time.GetUtcNow()) });
                if (cleared == 0 && await LockedUntilAsync(memberId) is { } until) return new PinCheck.LockedOut(until);
            }
        }
        return await members.FindAsync(memberId) is { } member ? new PinCheck.Accepted(member) : new PinCheck.Unavailable();
    }

    /// <summary>
    /// A member without a PIN chooses one with the setup code an admin gave them. The code is used up
    /// in the same transaction that sets the PIN; a wrong code counts towards the profile's lock.
    /// </summary>
    public async Task<PinCheck> ChoosePinAsync(long memberId, string? code, string pin)
    {
        var state = await StateAsync(memberId);
        if (state is null || !state.IsActive) return new PinCheck.Unavailable();
        var now = time.GetUtcNow();
        if (state.LockedUntil is not null && SqliteTime.Parse(state.LockedUntil) > now)
            return new PinCheck.LockedOut(SqliteTime.Parse(state.LockedUntil));
        if (state.Pin is not null) return new PinCheck.Unavailable();

        string? codeHash;
        await using (var connection = db.OpenConnection())
        {
            codeHash = await connection.ExecuteScalarAsync<string?>(
                "SELECT code_hash FROM setup_codes WHERE user_id = @memberId AND expires_at > @now",
                new { memberId, now = SqliteTime.ToText(now) });
        }
        if (codeHash is null || !SetupCodes.Matches(codeHash, code))
        {
            return await RecordWrongPinAsync(memberId, time.GetUtcNow()) switch
            {
                PinCheck.WrongPin wrong => new PinCheck.WrongSetupCode(wrong.AttemptsLeft),
                var other => other,
            };
        }
        await using (var connection = db.OpenConnection())
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            // Deleting the very code that was checked makes it single use, even against a parallel request.
            var used = await connection.ExecuteAsync("DELETE FROM setup_codes WHERE user_id = @memberId AND code_hash = @codeHash",
                new { memberId, codeHash }, transaction);
            var set = used == 1 && await connection.ExecuteAsync(
                "UPDATE users SET pin = @pin, failed_pin_attempts = 0, lockout_count = 0 WHERE id = @memberId AND pin IS NULL AND is_active = 1",
                new { memberId, pin = hashes.Hash(pin) }, transaction) == 1;
            if (!set) return new PinCheck.WrongSetupCode(0);
            await connection.ExecuteAsync(
                "INSERT INTO settings (key, value) VALUES ('household.claimed', '1') ON CONFLICT (key) DO NOTHING", transaction: transaction);
            await transaction.CommitAsync();
        }
        await members.ReloadAsync();
        return await members.FindAsync(memberId) is { } member ? new PinCheck.Accepted(member) : new PinCheck.Unavailable();
    }

    /// <summary>How many wrong PINs were tried on the profile since the member last signed in; reading it starts the count again.</summary>
    public async Task<int> TakeWrongPinCountAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var count = await connection.ExecuteScalarAsync<long>("SELECT wrong_pins_since_sign_in FROM users WHERE id = @memberId", new { memberId }, transaction);
        await connection.ExecuteAsync("UPDATE users SET wrong_pins_since_sign_in = 0 WHERE id = @memberId", new { memberId }, transaction);
        await transaction.CommitAsync();
        return (int)count;
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

    private async Task CountWrongPinForMemberAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("UPDATE users SET wrong_pins_since_sign_in = wrong_pins_since_sign_in + 1 WHERE id = @memberId", new { memberId });
    }

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
            await connection.ExecuteAsync(
                "UPDATE users SET failed_pin_attempts = @failed, wrong_pins_since_sign_in = wrong_pins_since_sign_in + 1 WHERE id = @memberId",
                new { memberId, failed }, transaction);
            await transaction.CommitAsync();
            return new PinCheck.WrongPin(AttemptsBeforeLock - (int)failed, KnownDevice: false);
        }
        var until = now + LockLength((int)locks + 1);
        await connection.ExecuteAsync("""
            UPDATE users SET failed_pin_attempts = 0, lockout_count = lockout_count + 1, locked_until = @until,
                             wrong_pins_since_sign_in = wrong_pins_since_sign_in + 1
            WHERE id = @memberId
            """, new { memberId, until = SqliteTime.ToText(until) }, transaction);
        await transaction.CommitAsync();
        return new PinCheck.LockedOut(until);
    }
}
