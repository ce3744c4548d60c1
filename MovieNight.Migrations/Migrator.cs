using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations;

public sealed record MigrationScript(int Version, string Name, string Sql)
{
    /// <summary>Scripts whose first line says so run outside a transaction (PRAGMA journal_mode).</summary>
    public bool RunsInTransaction => !Sql.StartsWith("-- no-transaction", StringComparison.Ordinal);
}

/// <summary>The database is unusable by this version of the app; nothing was changed.</summary>
public sealed class DatabaseRefusedException(string message) : Exception(message);

/// <summary>
/// Applies the embedded Scripts/NNNN_name.sql in order, each in its own transaction, and records
/// each in the schema_journal table. Refuses (without touching it) a database that a newer
/// version of the app has migrated.
/// </summary>
public sealed partial class Migrator(string connectionString, TimeProvider? time = null)
{
    public static IReadOnlyList<MigrationScript> Scripts { get; } = LoadScripts();

    public static int LatestVersion => Scripts[^1].Version;

    /// <summary>Brings the database up to date; returns the scripts it applied.</summary>
    public IReadOnlyList<MigrationScript> Migrate()
    {
        using var connection = OpenCheckedConnection();
        CheckIntegrity(connection);
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_journal (
              version INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              applied_at TEXT NOT NULL
            );
            """);
        var applied = AppliedVersions(connection);
        RefuseNewerDatabase(applied);

        var pending = Scripts.Where(s => !applied.Contains(s.Version)).ToList();
        // Table rebuilds in later scripts need foreign keys off while they run (SQLite's
        // documented procedure); each script is checked with foreign_key_check before commit.
        connection.Execute("PRAGMA foreign_keys = OFF;");
        try
        {
            foreach (var script in pending)
                Apply(connection, script);
        }
        finally
        {
            connection.Execute("PRAGMA foreign_keys = ON;");
        }
        return pending;
    }

    /// <summary>The schema version of the database, or 0 for a new file. Refuses newer databases.</summary>
    public int CurrentVersion()
    {
        using var connection = OpenCheckedConnection();
        var hasJournal = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_journal'") > 0;
        if (!hasJournal) return 0;
        var applied = AppliedVersions(connection);
        RefuseNewerDatabase(applied);
        return applied.Count == 0 ? 0 : applied.Max();
    }

    /// <summary>Opens the file, turning "not a database" and "corrupt" into a refusal that says what to do.</summary>
    private SqliteConnection OpenCheckedConnection()
    {
        try
        {
            // Its own handle, never pooled: scripts turn foreign keys off, and a handle that failed
            // with them off must not reach the app (which sets them once per pooled handle).
            return Sqlite.Open(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
            throw new DatabaseRefusedException(
                $"{path} is not a MovieNight database or it is damaged ({e.Message}); it was not changed. Restore it from a backup or move it away.");
        }
    }

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private void Apply(SqliteConnection connection, MigrationScript script)
    {
        const string Record = "INSERT INTO schema_journal (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)";
        var record = new { script.Version, script.Name, AppliedAt = (time ?? TimeProvider.System).GetUtcNow().ToString("O") };
        if (!script.RunsInTransaction)
        {
            connection.Execute(script.Sql);
            connection.Execute(Record, record);
            return;
        }
        using var transaction = connection.BeginTransaction();
        try
        {
            connection.Execute(script.Sql, transaction: transaction);
            var violations = connection.Query("PRAGMA foreign_key_check", transaction: transaction).Count();
            if (violations > 0)
                throw new InvalidOperationException($"Migration {script.Version:0000}_{script.Name} leaves {violations} foreign key violation(s).");
            connection.Execute(Record, record, transaction);
            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw new InvalidOperationException($"Migration {script.Version:0000}_{script.Name} failed: {e.Message}", e);
        }
    }

    private static void CheckIntegrity(SqliteConnection connection)
    {
        var result = connection.Query<string>("PRAGMA integrity_check").ToList();
        if (result is not ["ok"])
            throw new DatabaseRefusedException(
                $"The database file failed SQLite's integrity check and was not changed: {string.Join("; ", result.Take(5))}. Restore it from a backup.");
    }

    private static HashSet<int> AppliedVersions(SqliteConnection connection) =>
        connection.Query<int>("SELECT version FROM schema_journal").ToHashSet();

    private static void RefuseNewerDatabase(HashSet<int> applied)
    {
        var unknown = applied.Where(v => v > LatestVersion).ToList();
        if (unknown.Count > 0)
            throw new DatabaseRefusedException(
                $"This database was written by a newer version of MovieNight (schema version {unknown.Max()}; this version knows up to {LatestVersion}). " +
                "It was not changed. Run the newer version of the app, or restore a backup made before the upgrade.");
    }

    private static List<MigrationScript> LoadScripts()
    {
        var assembly = typeof(Migrator).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ScriptName().Match(resource);
            if (!match.Success) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }

    [GeneratedRegex(@"^Scripts\.(\d{4})_(\w+)\.sql$")]
    private static partial Regex ScriptName();
}
