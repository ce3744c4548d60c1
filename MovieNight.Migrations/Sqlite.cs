using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations;

/// <summary>How every part of MovieNight opens the one SQLite file.</summary>
public static class Sqlite
{
    // No "Foreign Keys" here: Microsoft.Data.Sqlite would run that PRAGMA at every open, pooled or
    // not, an extra statement in every unit of work. Open sets it once per handle instead.
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        DefaultTimeout = 5,
        Pooling = true,
    }.ToString();

    // The pool hands out the same SQLite handle again: its settings stay, so they are set once per handle.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> ConfiguredHandles = new();
    private static readonly object Configured = new();

    /// <summary>Opens a connection with the per-connection settings applied.</summary>
    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            if (connection.Handle is { } handle && ConfiguredHandles.TryGetValue(handle, out _)) return connection;
            using var pragma = connection.CreateCommand();
            // WAL makes NORMAL safe against corruption; it only risks the last commits on power loss.
            // busy_timeout lets SQLite wait for a writer in small steps; Microsoft.Data.Sqlite's own retry
            // sleeps 150 ms at a time, which would dominate a contended write.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";
            pragma.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose(); // a file that is not a database fails here, and its handle must not linger
            throw;
        }
        if (connection.Handle is { } opened) ConfiguredHandles.AddOrUpdate(opened, Configured);
        return connection;
    }
}

/// <summary>Instants are stored as UTC ISO 8601 text, which sorts and compares as time does.</summary>
public static class SqliteTime
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Format, System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
}
