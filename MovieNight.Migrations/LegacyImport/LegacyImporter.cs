using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Imports the old Node.js app's data: its data.json (see shared/legacy-data.md) or the movie-night.db
/// of its last versions. The whole source is read and validated first, then written in one
/// transaction, so an error anywhere writes nothing. The source file itself is only read.
/// </summary>
/// <param name="vault">Seals carried-over Trakt tokens; asked for only when a movie-night.db holds links.</param>
public sealed class LegacyImporter(string connectionString, TimeZoneInfo householdTimeZone, TimeProvider time, Func<TokenVault>? vault = null)
{
    // SQLite's result codes for a file that is not a database, or a damaged one.
    private const int NotADatabase = 26;
    private const int Corrupt = 11;

    /// <summary>SQLite files begin with these 16 bytes; data.json never does.</summary>
    private static ReadOnlySpan<byte> SqliteHeader => "SQLite format 3\0"u8;

    /// <summary>True when the file is a SQLite database (the old app's movie-night.db), false for a data.json.</summary>
    public static bool IsSqliteFile(string filePath)
    {
        using var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> header = stackalloc byte[16];
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual(SqliteHeader);
    }

    /// <summary>Imports a data.json.</summary>
    /// <param name="dryRun">Validate and report without writing anything, not even migrations.</param>
    public ImportReport Import(string filePath, bool dryRun = false)
    {
        var bytes = File.ReadAllBytes(filePath);
        var fileSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return Import(Path.GetFileName(filePath), fileSha256, () => LegacyFileReader.Read(bytes, householdTimeZone), dryRun);
    }

    /// <summary>Imports the old app's movie-night.db.</summary>
    /// <param name="oldKey">The old app's TRAKT_ENCRYPTION_KEY (32 bytes), or null when it ran without one.</param>
    public ImportReport ImportSqlite(string filePath, byte[]? oldKey, bool dryRun = false)
    {
        // Copied, checked (not SQLite, damaged, another schema) and hashed before the database is touched.
        using var source = OldAppDatabase.Open(filePath);
        return Import(Path.GetFileName(filePath), source.Sha256, () => new OldAppDatabaseReader(source.Connection, oldKey).Read(), dryRun);
    }

    /// <summary>Either kind of file, told apart by its first bytes (the admin's upload, the first start).</summary>
    public ImportReport ImportAny(string filePath, byte[]? oldKey, bool dryRun = false) =>
        IsSqliteFile(filePath) ? ImportSqlite(filePath, oldKey, dryRun) : Import(filePath, dryRun);

    private ImportReport Import(string fileName, string fileSha256, Func<LegacyData> read, bool dryRun)
    {
        using var scratch = dryRun ? OpenDatabase(() => ScratchDatabase.CopyOf(connectionString)) : null;
        var target = scratch?.ConnectionString ?? connectionString;
        new Migrator(target, time).Migrate();

        using var connection = Sqlite.Open(target);
        if (PreviousImport(connection, null, fileSha256) is { } previous)
            return AlreadyImported(fileName, dryRun, previous);

        var data = read();
        // Hashing is deliberately slow (PBKDF2, over 100 ms a PIN): it happens before the write lock is taken,
        // and on every core, since it is most of an import's time.
        var pinHashes = data.Members.Where(m => m.Pin is not null).AsParallel()
            .Select(m => (m.Name, Hash: PinHasher.Hash(m.Pin!))).ToDictionary(m => m.Name, m => m.Hash, StringComparer.Ordinal);
        // A dry run seals tokens under a throw-away key, so it never creates the key file.
        var sealer = dryRun ? () => new TokenVault(TokenVaultKey.Load(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ""))
            : vault ?? (() => throw new InvalidOperationException("Importing Trakt links needs the token vault."));

        using var transaction = connection.BeginTransaction();
        // Another import of the same file may have committed since the check above.
        if (PreviousImport(connection, transaction, fileSha256) is { } concurrent)
            return AlreadyImported(fileName, dryRun, concurrent);
        var report = new LegacyDatabaseWriter(connection, transaction, time).Write(data, pinHashes, fileSha256, fileName, dryRun, sealer);
        if (!dryRun) transaction.Commit();
        return report;
    }

    private static string? PreviousImport(SqliteConnection connection, SqliteTransaction? transaction, string fileSha256) =>
        connection.QuerySingleOrDefault<string>("SELECT imported_at FROM legacy_imports WHERE file_sha256 = @fileSha256",
            new { fileSha256 }, transaction);

    private static ImportReport AlreadyImported(string fileName, bool dryRun, string importedAt) => new()
    {
        FileName = fileName,
        DryRun = dryRun,
        AlreadyImported = true,
        PreviouslyImportedAt = SqliteTime.Parse(importedAt),
    };

    /// <summary>Turns SQLite's "file is not a database" while copying it for a dry run into the refusal the
    /// app and CLI explain (the Migrator does the same for every other open).</summary>
    private T OpenDatabase<T>(Func<T> open)
    {
        try
        {
            return open();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is NotADatabase or Corrupt)
        {
            var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
            throw new DatabaseRefusedException(
                $"{path} is not a readable MovieNight database (SQLite: {e.Message}). It was not changed; restore it from a backup or point --db at another file.");
        }
    }
}
