using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations;

/// <summary>
/// One-time codes with which a member without a PIN chooses one. Eight characters from an alphabet
/// without look-alikes (no 0/O, 1/I/L), shown as "ABCD-EFGH" so they can be read aloud; about 39
/// bits, stored only as a PBKDF2 hash, valid 24 hours, used once. Here (not in the web app) because
/// the CLI import issues them too.
/// </summary>
public static class SetupCodes
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private const string Alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
    private const int Length = 8;

    public static string NewCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>(Alphabet, Length);
        return $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}";
    }

    /// <summary>What a member typed, as it is hashed: upper case, without spaces or dashes.</summary>
    public static string Normalize(string? typed) =>
        new((typed ?? "").ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());

    public static string Hash(string code) => PinHasher.Hash(Normalize(code));

    public static bool Matches(string hash, string? typed) =>
        Normalize(typed) is { Length: Length } normalized && PinHasher.Verify(hash, normalized);

    /// <summary>Issues a new code for one member, replacing any earlier one; returns it (it is not stored).</summary>
    public static string Issue(SqliteConnection connection, long memberId, TimeProvider time, SqliteTransaction? transaction = null)
    {
        var code = NewCode();
        connection.Execute("""
            INSERT INTO setup_codes (user_id, code_hash, expires_at) VALUES (@memberId, @hash, @expires)
            ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at
            """, new { memberId, hash = Hash(code), expires = SqliteTime.ToText(time.GetUtcNow() + Lifetime) }, transaction);
        return code;
    }

    /// <summary>A code for every active member who has no PIN and is not a no-PIN profile (after an import).</summary>
    public static IReadOnlyList<(string Name, string Code)> IssueForMembersWithoutPin(SqliteConnection connection, TimeProvider time)
    {
        var members = connection.Query<(long Id, string Name)>(
            "SELECT id, name FROM users WHERE pin IS NULL AND no_pin = 0 AND is_active = 1 ORDER BY id").AsList();
        return members.Select(m => (m.Name, Issue(connection, m.Id, time))).ToList();
    }
}
