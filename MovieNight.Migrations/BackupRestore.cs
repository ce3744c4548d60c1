using Dapper;
using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations;

/// <summary>
/// <c>restore &lt;backup&gt; --db &lt;movienight.db&gt;</c>: puts a backup in place of a stopped app's
/// database. The backup is checked first (SQLite's integrity check, a MovieNight schema no newer than
/// this version knows); the database it replaces is kept beside it, renamed, never deleted.
/// </summary>
public static class BackupRestore
{
    /// <returns>What was done, for the operator.</returns>
    /// <exception cref="DatabaseRefusedException">The backup is not fit to restore, or the app seems to be running.</exception>
    public static string Restore(string backupPath, string databasePath, TimeProvider time)
    {
        var version = Check(backupPath);
        var wal = databasePath + "-wal";
        // A running app keeps its write-ahead log open; a stopped one has folded it in and removed it.
        if (File.Exists(wal) && new FileInfo(wal).Length > 0)
            throw new DatabaseRefusedException(
                $"{wal} exists: stop MovieNight before restoring. If it is stopped, run `migrate --db {databasePath}` once to fold the log in, then restore.");

        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        var copy = Path.Combine(directory, $".restoring-{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var source = File.OpenRead(backupPath))
        using (var target = new FileStream(copy, options))
        {
            source.CopyTo(target);
            target.Flush(flushToDisk: true);
        }

        string? kept = null;
        if (File.Exists(databasePath))
        {
            kept = $"{databasePath}.before-restore-{time.GetUtcNow():yyyyMMdd-HHmmss}";
            File.Move(databasePath, kept);
        }
        foreach (var stale in new[] { wal, databasePath + "-shm" })
            File.Delete(stale); // an empty log or index of the replaced file must not be applied to the backup
        File.Move(copy, databasePath);

        // A backup written by VACUUM INTO is in rollback-journal mode; the app runs in WAL.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString()))
        {
            connection.Open();
            connection.ExecuteScalar<string>("PRAGMA journal_mode = WAL");
        }
        return $"Restored {backupPath} (schema {version}) into {databasePath}."
               + (kept is null ? "" : $" The database it replaced is kept as {kept}.");
    }

    /// <summary>The backup's schema version, after SQLite's integrity check.</summary>
    public static int Check(string backupPath)
    {
        if (!File.Exists(backupPath)) throw new DatabaseRefusedException($"{backupPath} does not exist.");
        var readOnly = new SqliteConnectionStringBuilder { DataSource = backupPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using (var connection = new SqliteConnection(readOnly))
            {
                connection.Open();
                var integrity = connection.Query<string>("PRAGMA integrity_check").ToList();
                if (integrity is not ["ok"])
                    throw new DatabaseRefusedException($"{backupPath} fails SQLite's integrity check ({string.Join("; ", integrity.Take(3))}); choose another backup.");
            }
            var version = new Migrator(readOnly).CurrentVersion(); // refuses a newer schema with its own message
            if (version == 0) throw new DatabaseRefusedException($"{backupPath} is not a MovieNight database.");
            return version;
        }
        catch (SqliteException e)
        {
            throw new DatabaseRefusedException($"{backupPath} is not a readable SQLite database: {e.Message}");
        }
    }
}
