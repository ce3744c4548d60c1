using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Imports the old Node.js app's data.json (see shared/legacy-data.md): the whole file is parsed
/// and validated first, then written in one transaction, so an error anywhere writes nothing.
/// The file itself is only read.
/// </summary>
public sealed class LegacyImporter(string connectionString, TimeZoneInfo householdTimeZone, TimeProvider time)
{
    // SQLite's result codes for a file that is not a database, or a damaged one.
    private const int NotADatabase = 26;
    private const int Corrupt = 11;

    /// <param name="dryRun">Validate and report without writing anything, not even migrations.</param>
    public ImportReport Import(string filePath, bool dryRun = false)
    {
        var bytes = File.ReadAllBytes(filePath);
        var fileSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var fileName = Path.GetFileName(filePath);

        using var scratch = dryRun ? OpenDatabase(() => ScratchDatabase.CopyOf(connectionString)) : null;
        var target = scratch?.ConnectionString ?? connectionString;
        new Migrator(target, time).Migrate();

        using var connection = Sqlite.Open(target);
        if (PreviousImport(connection, null, fileSha256) is { } previous)
            return AlreadyImported(fileName, dryRun, previous);

        var data = LegacyFileReader.Read(bytes, householdTimeZone);
        // Hashing is deliberately slow (PBKDF2), so it happens before the write lock is taken.
        var pinHashes = data.Members.Where(m => m.Pin is not null).ToDictionary(m => m.Name, m => PinHasher.Hash(m.Pin!), StringComparer.Ordinal);

        using var transaction = connection.BeginTransaction();
        // Another import of the same file may have committed since the check above.
        if (PreviousImport(connection, transaction, fileSha256) is { } concurrent)
            return AlreadyImported(fileName, dryRun, concurrent);
        var report = new LegacyDatabaseWriter(connection, transaction, time).Write(data, pinHashes, fileSha256, fileName, dryRun);
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
