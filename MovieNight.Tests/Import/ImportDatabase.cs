using Dapper;
using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Import;

/// <summary>One test's own migrated SQLite file plus the importer pointed at it.</summary>
internal sealed class ImportDatabase : IDisposable
{
    public static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
    public static readonly DateTimeOffset Now = new(2026, 1, 22, 12, 0, 0, TimeSpan.Zero);

    public TempDirectory Directory { get; } = new();
    public string Path => Directory.File("movienight.db");
    public string ConnectionString => Sqlite.ConnectionString(Path);
    public TimeProvider Time { get; } = new FixedTime(Now);

    public static string Sample(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Import", "Samples", name);

    public ImportDatabase(bool migrate = true)
    {
        if (migrate) new Migrator(ConnectionString).Migrate();
    }

    public ImportReport Import(string file, bool dryRun = false, TimeZoneInfo? zone = null) =>
        new LegacyImporter(ConnectionString, zone ?? Budapest, Time).Import(file, dryRun);

    public ImportReport ImportSample(string name, bool dryRun = false) => Import(Sample(name), dryRun);

    /// <summary>Writes a file into this test's directory (as UTF-8, no BOM) and returns its path.</summary>
    public string WriteFile(string name, string json)
    {
        var path = Directory.File(name);
        File.WriteAllText(path, json);
        return path;
    }

    public ImportReport ImportJson(string json, bool dryRun = false) => Import(WriteFile($"data-{Guid.NewGuid():N}.json", json), dryRun);

    public List<T> Query<T>(string sql, object? args = null)
    {
        using var connection = Sqlite.Open(ConnectionString);
        return connection.Query<T>(sql, args).ToList();
    }

    public T Scalar<T>(string sql, object? args = null)
    {
        using var connection = Sqlite.Open(ConnectionString);
        return connection.ExecuteScalar<T>(sql, args)!;
    }

    public void Execute(string sql, object? args = null)
    {
        using var connection = Sqlite.Open(ConnectionString);
        connection.Execute(sql, args);
    }

    public long Count(string table) => Scalar<long>($"SELECT count(*) FROM {table}");

    /// <summary>Rows in every table the importer writes, for "nothing was written" checks.</summary>
    public RowCounts Rows() => new(Count("users"), Count("nominations"), Count("votes"), Count("watch_history"), Count("week_history"), Count("legacy_imports"));

    public void Dispose() => Directory.Dispose();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

internal sealed record RowCounts(long Users, long Nominations, long Votes, long Watches, long WeekHistory, long Imports)
{
    public static readonly RowCounts Empty = new(0, 0, 0, 0, 0, 0);
}
