using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// An in-memory copy of the database for a dry run: migrations and the whole import run against it
/// exactly as they would for real (same checks, same report), and the real file is only read.
/// </summary>
internal sealed class ScratchDatabase : IDisposable
{
    private readonly SqliteConnection keepAlive;

    private ScratchDatabase(SqliteConnection keepAlive, string connectionString)
    {
        this.keepAlive = keepAlive;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static ScratchDatabase CopyOf(string connectionString)
    {
        // A shared-cache memory database lives while one connection to it is open; the migrator
        // and the importer open their own connections to it by name.
        var scratch = new SqliteConnectionStringBuilder
        {
            DataSource = "movienight-dry-run-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            ForeignKeys = true,
            Pooling = false,
        }.ToString();
        var keepAlive = new SqliteConnection(scratch);
        keepAlive.Open();
        try
        {
            var source = new SqliteConnectionStringBuilder(connectionString);
            var isMemory = source.Mode == SqliteOpenMode.Memory || source.DataSource == ":memory:";
            if (isMemory || File.Exists(source.DataSource))
            {
                // Read-only, so a dry run can never create or change the real file.
                if (!isMemory) source.Mode = SqliteOpenMode.ReadOnly;
                using var sourceConnection = new SqliteConnection(source.ToString());
                sourceConnection.Open();
                sourceConnection.BackupDatabase(keepAlive);
            }
            return new ScratchDatabase(keepAlive, scratch);
        }
        catch
        {
            keepAlive.Dispose();
            throw;
        }
    }

    public void Dispose() => keepAlive.Dispose();
}
