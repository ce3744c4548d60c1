using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// A private copy of the old app's movie-night.db (and its -wal, which holds its latest commits when
/// it was not shut down cleanly), opened and checked. The import reads the copy, so the household's
/// file, its WAL included, is never opened by SQLite and cannot change.
/// </summary>
internal sealed class OldAppDatabase : IDisposable
{
    private const int NotADatabase = 26, Corrupt = 11;

    /// <summary>The tables and columns the old app's db/database.js creates and the import reads.</summary>
    private static readonly Dictionary<string, string[]> Schema = new()
    {
        ["users"] = ["id", "name", "icon", "pin"],
        ["nominations"] = ["id", "week", "tmdb_id", "title", "year", "poster_path", "backdrop_path", "overview", "rating", "imdb_id", "proposed_by", "proposed_at"],
        ["votes"] = ["id", "nomination_id", "user_id", "week"],
        ["watch_history"] = ["id", "user_id", "tmdb_id", "title", "watched_at", "rating", "week", "synced_to_trakt"],
        ["week_results"] = ["id", "week", "first_place_tmdb", "second_place_tmdb", "first_place_title", "second_place_title"],
        ["trakt_auth"] = ["user_id", "trakt_username", "access_token", "refresh_token", "expires_at", "linked_at"],
    };

    private readonly string directory;

    private OldAppDatabase(string directory, SqliteConnection connection, string sha256)
    {
        this.directory = directory;
        Connection = connection;
        Sha256 = sha256;
    }

    public SqliteConnection Connection { get; }

    /// <summary>Of the file and its WAL together: the same old database imported twice is recognised.</summary>
    public string Sha256 { get; }

    /// <exception cref="LegacyImportException">Not SQLite, damaged, or not the old app's schema.</exception>
    public static OldAppDatabase Open(string path)
    {
        var fileName = Path.GetFileName(path);
        // The copy holds PINs and tokens: a directory only this user can read.
        var directory = Path.Combine(Path.GetTempPath(), "movienight-import-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        SqliteConnection? connection = null;
        try
        {
            var copy = Path.Combine(directory, "movie-night.db");
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            CopyAndHash(path, copy, hash);
            if (File.Exists(path + "-wal")) CopyAndHash(path + "-wal", copy + "-wal", hash);
            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());

            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            connection.Open();
            CheckIntegrity(connection, fileName);
            CheckSchema(connection, fileName);
            return new OldAppDatabase(directory, connection, sha256);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is NotADatabase or Corrupt)
        {
            Discard(connection, directory);
            throw new LegacyImportException(fileName, $"expected the old app's SQLite database, but the file is not SQLite or is damaged ({e.Message}); nothing was imported");
        }
        catch
        {
            Discard(connection, directory);
            throw;
        }
    }

    private static void CopyAndHash(string from, string to, IncrementalHash hash)
    {
        // FileShare.ReadWrite: reading never blocks (or is blocked by) an old app that still has it open.
        using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var target = new FileStream(to, FileMode.CreateNew, FileAccess.Write);
        var buffer = new byte[81920];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            target.Write(buffer, 0, read);
        }
    }

    private static void CheckIntegrity(SqliteConnection connection, string fileName)
    {
        var result = connection.Query<string>("PRAGMA integrity_check").ToList();
        if (result is not ["ok"])
            throw new LegacyImportException(fileName,
                $"expected an intact SQLite database, but it fails SQLite's integrity check ({string.Join("; ", result.Take(3))}); nothing was imported");
    }

    private static void CheckSchema(SqliteConnection connection, string fileName)
    {
        foreach (var (table, columns) in Schema)
        {
            var present = connection.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table }).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (present.Count == 0)
                throw new LegacyImportException(fileName,
                    $"expected the old app's table {table}, found none; this is not the old app's movie-night.db, and nothing was imported");
            var missing = columns.Where(c => !present.Contains(c)).ToList();
            if (missing.Count > 0)
                throw new LegacyImportException(fileName,
                    $"expected column(s) {string.Join(", ", missing)} in table {table}; this is not the old app's movie-night.db, and nothing was imported");
        }
    }

    private static void Discard(SqliteConnection? connection, string directory)
    {
        connection?.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary copy left behind is harmless; the import's own outcome matters more.
        }
    }

    public void Dispose() => Discard(Connection, directory);
}
