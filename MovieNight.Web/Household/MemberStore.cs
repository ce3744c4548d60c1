using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Movies;
using MovieNight.Web.Web;

namespace MovieNight.Web.Household;

/// <summary>
/// The household's members: reads and the admin's changes, with the last-admin rule. Reads come
/// from an in-memory list (every request checks its member; a household is small), reloaded after
/// each change made here; every change also evicts the cached pages, which show names and icons.
/// </summary>
public sealed class MemberStore(Db db, PageCache cache)
{
    private volatile IReadOnlyList<Member>? members;
    private readonly Lock membersLock = new();
    private long changes;

    private const string SelectMember = """
        SELECT id AS Id, name AS Name, coalesce(icon, '🎬') AS Icon, is_admin AS IsAdmin, is_active AS IsActive,
               pin IS NOT NULL AS HasPin, security_stamp AS SecurityStamp
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

    /// <summary>Forgets the in-memory list after another writer (an import, perhaps by another process) changed the members.</summary>
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
            new { name = name.Trim(), icon = icon.Trim(), pin = PinHasher.Hash(pin), stamp = NewStamp() });
        await ChangedAsync();
        return id;
    }

    /// <summary>Adds a member; a null PIN means they choose one at first sign-in. Null when the name is taken.</summary>
    public async Task<long?> AddAsync(string name, string icon, string? pin)
    {
        const string Sql = """
            INSERT INTO users (name, icon, pin, security_stamp)
            SELECT @name, @icon, @pin, @stamp WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower(@name))
            RETURNING id
            """;
        await using var connection = db.OpenConnection();
        var id = await connection.QuerySingleOrDefaultAsync<long?>(Sql,
            new { name = name.Trim(), icon = icon.Trim(), pin = pin is null ? null : PinHasher.Hash(pin), stamp = NewStamp() });
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

    /// <summary>Sets a new PIN (or clears it when null) and ends the member's other sessions.</summary>
    public async Task<string> SetPinAsync(long id, string? pin)
    {
        var stamp = NewStamp();
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("""
            UPDATE users SET pin = @pin, security_stamp = @stamp, failed_pin_attempts = 0, lockout_count = 0, locked_until = NULL
            WHERE id = @id
            """, new { id, pin = pin is null ? null : PinHasher.Hash(pin), stamp });
        await ChangedAsync();
        return stamp;
    }

    /// <summary>Sets a PIN for a member who has none (imported, or reset by an admin). False if one was set meanwhile.</summary>
    public async Task<bool> SetFirstPinAsync(long id, string pin)
    {
        await using var connection = db.OpenConnection();
        var set = await connection.ExecuteAsync(
            "UPDATE users SET pin = @pin WHERE id = @id AND pin IS NULL AND is_active = 1",
            new { id, pin = PinHasher.Hash(pin) }) == 1;
        await ChangedAsync();
        return set;
    }

    public Task<MemberChange> SetActiveAsync(long id, bool active) =>
        ChangeKeepingAnAdminAsync(id, "UPDATE users SET is_active = @value, security_stamp = @stamp WHERE id = @id", active);

    public Task<MemberChange> SetAdminAsync(long id, bool admin) =>
        ChangeKeepingAnAdminAsync(id, "UPDATE users SET is_admin = @value WHERE id = @id", admin);

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

public enum MemberChange { Done, NotFound, LastAdmin }
