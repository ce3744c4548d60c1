using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Movies;
using MovieNight.Web.Http;

namespace MovieNight.Web.Household;

/// <summary>
/// The household's members: reads and the admin's changes, with the last-admin rule. Reads come
/// from an in-memory list (every request checks its member; a household is small), reloaded after
/// each change made here; every change also evicts the cached pages, which show names and icons.
/// </summary>
public sealed class MemberStore(Db db, PageCache cache, PinHashes pins, MemberSessions sessions, TimeProvider time)
{
    private volatile IReadOnlyList<Member>? members;
    private readonly Lock membersLock = new();
    private long changes;

    private const string SelectMember = """
        SELECT id AS Id, name AS Name, coalesce(icon, '🎬') AS Icon, is_admin AS IsAdmin, is_active AS IsActive,
               pin IS NOT NULL AS HasPin, no_pin AS NoPin, security_stamp AS SecurityStamp
        FROM users
        """;

    public async Task<bool> AnyAsync() => (await AllAsync()).Count > 0;

    public async Task<IReadOnlyList<Member>> ListAsync(bool includeInactive)
    {
        var all = await AllAsync();
        return includeInactive ? all : all.Where(m => m.IsActive).ToList();
    }

    /// <summary>Every member (inactive ones too: they appear in past weeks) as the badges pages show, by id.</summary>
    public async Task<IReadOnlyDictionary<long, MemberBadge>> BadgesAsync() =>
        (await ListAsync(includeInactive: true)).ToDictionary(m => m.Id, m => new MemberBadge(m.Id, m.Name, m.Icon));

    public async Task<Member?> FindAsync(long id) => (await AllAsync()).FirstOrDefault(m => m.Id == id);

    private async Task<IReadOnlyList<Member>> AllAsync()
    {
        if (members is { } known) return known;
        var changesBeforeRead = Interlocked.Read(ref changes);
        await using var connection = db.OpenConnection();
        var read = (await connection.QueryAsync<Member>($"{SelectMember} ORDER BY is_active DESC, id")).AsList();
        // A read that began before a change must not be kept after it.
        lock (membersLock)
        {
            if (changes == changesBeforeRead) members = read;
        }
        return read;
    }

    /// <summary>
    /// Forgets the in-memory list (and evicts pages) after a change made outside this class: a PIN chosen
    /// with a setup code, or an import, perhaps by another process.
    /// </summary>
    public ValueTask ReloadAsync() => ChangedAsync();

    private ValueTask ChangedAsync()
    {
        lock (membersLock)
        {
            changes++;
            members = null;
        }
        return cache.HouseholdChangedAsync();
    }

    /// <summary>Creates the first member as admin, unless someone else set the household up meanwhile.</summary>
    public async Task<long?> CreateFirstAdminAsync(string name, string icon, string pin)
    {
        const string Sql = """
            INSERT INTO users (name, icon, pin, is_admin, security_stamp)
            SELECT @name, @icon, @pin, 1, @stamp WHERE NOT EXISTS (SELECT 1 FROM users)
            RETURNING id
            """;
        await using var connection = db.OpenConnection();
        var id = await connection.QuerySingleOrDefaultAsync<long?>(Sql,
            new { name = name.Trim(), icon = icon.Trim(), pin = pins.Hash(pin), stamp = NewStamp() });
        if (id is not null) await MarkHouseholdClaimedAsync();
        await ChangedAsync();
        return id;
    }

    /// <summary>
    /// Adds a member; a null PIN means they choose one with a setup code (or, with <paramref name="noPin"/>,
    /// never need one). Null when the name is taken.
    /// </summary>
    public async Task<long?> AddAsync(string name, string icon, string? pin, bool noPin = false)
    {
        const string Sql = """
            INSERT INTO users (name, icon, pin, no_pin, security_stamp)
            SELECT @name, @icon, @pin, @noPin, @stamp WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower(@name))
            RETURNING id
            """;
        await using var connection = db.OpenConnection();
        var id = await connection.QuerySingleOrDefaultAsync<long?>(Sql,
            new { name = name.Trim(), icon = icon.Trim(), pin = pin is null || noPin ? null : pins.Hash(pin), noPin, stamp = NewStamp() });
        if (id is not null) await ChangedAsync();
        return id;
    }

    /// <summary>Renames and re-icons a member; false when another member has that name.</summary>
    public async Task<bool> UpdateProfileAsync(long id, string name, string icon)
    {
        const string Sql = """
            UPDATE users SET name = @name, icon = @icon
            WHERE id = @id AND NOT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower(@name) AND id <> @id)
            """;
        await using var connection = db.OpenConnection();
        var updated = await connection.ExecuteAsync(Sql, new { id, name = name.Trim(), icon = icon.Trim() }) == 1;
        if (updated) await ChangedAsync();
        return updated;
    }

    public async Task UpdateIconAsync(long id, string icon)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("UPDATE users SET icon = @icon WHERE id = @id", new { id, icon = icon.Trim() });
        await ChangedAsync();
    }

    /// <summary>
    /// Sets a new PIN (or clears it when null: the member then needs a setup code) and ends the member's
    /// sessions but <paramref name="keepSession"/>, the device that changed its own PIN.
    /// </summary>
    public async Task<string> SetPinAsync(long id, string? pin, string? keepSession = null)
    {
        var stamp = NewStamp();
        await using (var connection = db.OpenConnection())
        {
            await connection.ExecuteAsync("""
                UPDATE users SET pin = @pin, no_pin = 0, security_stamp = @stamp, failed_pin_attempts = 0, lockout_count = 0, locked_until = NULL
                WHERE id = @id;
                DELETE FROM setup_codes WHERE user_id = @id;
                """, new { id, pin = pin is null ? null : pins.Hash(pin), stamp });
        }
        await sessions.EndAllAsync(id, except: keepSession);
        await ChangedAsync();
        return stamp;
    }

    /// <summary>
    /// Makes a profile sign in with a tap (a child's), or takes that away (they then need a setup code).
    /// Refused for an admin: admin rights always sit behind a PIN.
    /// </summary>
    public async Task<bool> SetNoPinAsync(long id, bool noPin)
    {
        await using (var connection = db.OpenConnection())
        {
            var changed = await connection.ExecuteAsync("""
                UPDATE users SET no_pin = @noPin, pin = NULL, security_stamp = @stamp, failed_pin_attempts = 0, lockout_count = 0, locked_until = NULL
                WHERE id = @id AND (@noPin = 0 OR is_admin = 0)
                """, new { id, noPin, stamp = NewStamp() });
            if (changed == 0) return false;
            await connection.ExecuteAsync("DELETE FROM setup_codes WHERE user_id = @id", new { id });
        }
        await sessions.EndAllAsync(id);
        await ChangedAsync();
        return true;
    }

    /// <summary>A one-time code for a member without a PIN; shown to the admin once, stored only hashed.</summary>
    public async Task<string?> IssueSetupCodeAsync(long id)
    {
        await using var connection = db.OpenConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var needsCode = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM users WHERE id = @id AND pin IS NULL AND no_pin = 0 AND is_active = 1", new { id }, transaction) == 1;
        if (!needsCode) return null;
        var code = SetupCodes.Issue(connection, id, time, transaction);
        await transaction.CommitAsync();
        return code;
    }

    /// <summary>
    /// Trust on first use: after an import at first start, while no member has ever had a PIN and no
    /// setup code was handed out, the setup page may set the first admin's PIN. The admin is returned
    /// while that is still open.
    /// </summary>
    public async Task<Member?> UnclaimedAdminAsync()
    {
        await using (var connection = db.OpenConnection())
        {
            var open = await connection.ExecuteScalarAsync<long>("""
                SELECT NOT EXISTS (SELECT 1 FROM settings WHERE key = 'household.claimed')
                   AND NOT EXISTS (SELECT 1 FROM users WHERE pin IS NOT NULL)
                   -- codes handed out (by the CLI import) mean someone already holds the keys
                   AND NOT EXISTS (SELECT 1 FROM setup_codes)
                """) == 1;
            if (!open) return null;
        }
        return (await AllAsync()).Where(m => m is { IsAdmin: true, IsActive: true }).MinBy(m => m.Id);
    }

    /// <summary>Sets the unclaimed admin's PIN (see <see cref="UnclaimedAdminAsync"/>); false when someone was first.</summary>
    public async Task<bool> ClaimAdminAsync(long id, string pin)
    {
        await using (var connection = db.OpenConnection())
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            var first = await connection.ExecuteAsync(
                "INSERT INTO settings (key, value) VALUES ('household.claimed', '1') ON CONFLICT (key) DO NOTHING", transaction: transaction) == 1;
            var set = first && await connection.ExecuteAsync(
                "UPDATE users SET pin = @pin, security_stamp = @stamp WHERE id = @id AND is_admin = 1 AND pin IS NULL",
                new { id, pin = pins.Hash(pin), stamp = NewStamp() }, transaction) == 1;
            if (!set) return false;
            await connection.ExecuteAsync("DELETE FROM setup_codes WHERE user_id = @id", new { id }, transaction);
            await transaction.CommitAsync();
        }
        await ChangedAsync();
        return true;
    }

    private async Task MarkHouseholdClaimedAsync()
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("INSERT INTO settings (key, value) VALUES ('household.claimed', '1') ON CONFLICT (key) DO NOTHING");
    }

    public async Task<MemberChange> SetActiveAsync(long id, bool active)
    {
        var change = await ChangeKeepingAnAdminAsync(id, "UPDATE users SET is_active = @value, security_stamp = @stamp WHERE id = @id", active);
        if (change == MemberChange.Done && !active) await sessions.EndAllAsync(id);
        return change;
    }

    /// <summary>A no-PIN profile is never made admin.</summary>
    public async Task<MemberChange> SetAdminAsync(long id, bool admin)
    {
        if (admin && await FindAsync(id) is { NoPin: true }) return MemberChange.NoPinProfile;
        return await ChangeKeepingAnAdminAsync(id, "UPDATE users SET is_admin = @value WHERE id = @id AND (@value = 0 OR no_pin = 0)", admin);
    }

    /// <summary>Runs a change and commits it only if an active admin remains, in one transaction.</summary>
    private async Task<MemberChange> ChangeKeepingAnAdminAsync(long id, string sql, bool value)
    {
        await using var connection = db.OpenConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var changed = await connection.ExecuteAsync(sql, new { id, value, stamp = NewStamp() }, transaction);
        if (changed == 0) return MemberChange.NotFound;
        var admins = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM users WHERE is_admin = 1 AND is_active = 1", transaction: transaction);
        if (admins == 0)
        {
            await transaction.RollbackAsync();
            return MemberChange.LastAdmin;
        }
        await transaction.CommitAsync();
        await ChangedAsync();
        return MemberChange.Done;
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}

public enum MemberChange { Done, NotFound, LastAdmin, NoPinProfile }
