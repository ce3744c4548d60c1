using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace MovieNight.Tests.Import;

/// <summary>
/// Writes a movie-night.db the way the old app (erix/movie-night-app, db/database.js) does: its schema
/// as its initSchema creates it, rows through the same statements its functions run (CURRENT_TIMESTAMP
/// defaults, cascades), and Trakt tokens through its utils/encryption.js format.
/// </summary>
internal sealed class OldAppDatabaseBuilder : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS users (
          id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, icon TEXT DEFAULT '🎬', pin TEXT,
          created_at DATETIME DEFAULT CURRENT_TIMESTAMP);
        CREATE TABLE IF NOT EXISTS trakt_auth (
          user_id INTEGER PRIMARY KEY, trakt_username TEXT, access_token TEXT NOT NULL, refresh_token TEXT NOT NULL,
          expires_at DATETIME, linked_at DATETIME DEFAULT CURRENT_TIMESTAMP,
          FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE);
        CREATE TABLE IF NOT EXISTS nominations (
          id INTEGER PRIMARY KEY, week TEXT NOT NULL, tmdb_id INTEGER NOT NULL, title TEXT NOT NULL, year TEXT,
          poster_path TEXT, backdrop_path TEXT, overview TEXT, rating REAL, imdb_id TEXT, proposed_by INTEGER NOT NULL,
          proposed_at DATETIME DEFAULT CURRENT_TIMESTAMP,
          FOREIGN KEY (proposed_by) REFERENCES users(id), UNIQUE(week, proposed_by));
        CREATE TABLE IF NOT EXISTS votes (
          id INTEGER PRIMARY KEY, nomination_id INTEGER NOT NULL, user_id INTEGER NOT NULL, week TEXT NOT NULL,
          voted_at DATETIME DEFAULT CURRENT_TIMESTAMP,
          FOREIGN KEY (nomination_id) REFERENCES nominations(id) ON DELETE CASCADE,
          FOREIGN KEY (user_id) REFERENCES users(id), UNIQUE(nomination_id, user_id));
        CREATE TABLE IF NOT EXISTS watch_history (
          id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, tmdb_id INTEGER NOT NULL, title TEXT,
          watched_at DATETIME DEFAULT CURRENT_TIMESTAMP, rating INTEGER, week TEXT, synced_to_trakt INTEGER DEFAULT 0,
          FOREIGN KEY (user_id) REFERENCES users(id), UNIQUE(user_id, tmdb_id));
        CREATE TABLE IF NOT EXISTS week_results (
          id INTEGER PRIMARY KEY, week TEXT UNIQUE NOT NULL, first_place_tmdb INTEGER, second_place_tmdb INTEGER,
          first_place_title TEXT, second_place_title TEXT, finalized_at DATETIME DEFAULT CURRENT_TIMESTAMP);
        """;

    private readonly SqliteConnection connection;
    private readonly byte[]? key;

    /// <param name="key">The old app's TRAKT_ENCRYPTION_KEY; null when it ran without one (tokens in plain text).</param>
    public OldAppDatabaseBuilder(string path, byte[]? key = null)
    {
        Path = path;
        this.key = key;
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
        connection.Execute(Schema);
    }

    public string Path { get; }

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    private long UserId(string name) => connection.ExecuteScalar<long>("SELECT id FROM users WHERE name = @name", new { name });

    public OldAppDatabaseBuilder UpsertUser(string name, string? icon = null, string? pin = null)
    {
        connection.Execute("""
            INSERT INTO users (name, icon, pin) VALUES (@name, @icon, @pin)
            ON CONFLICT(name) DO UPDATE SET icon = COALESCE(excluded.icon, icon), pin = COALESCE(excluded.pin, pin)
            """, new { name, icon, pin });
        return this;
    }

    public long AddNomination(string week, long tmdbId, string title, string user, string? year = "2010", double? rating = 7.5,
        string? posterPath = "/poster.jpg", string? imdbId = null)
    {
        connection.Execute("""
            INSERT INTO nominations (week, tmdb_id, title, year, poster_path, backdrop_path, overview, rating, imdb_id, proposed_by)
            VALUES (@week, @tmdbId, @title, @year, @posterPath, NULL, 'An overview.', @rating, @imdbId, @userId)
            """, new { week, tmdbId, title, year, posterPath, rating, imdbId, userId = UserId(user) });
        return connection.ExecuteScalar<long>("SELECT last_insert_rowid()");
    }

    public void RemoveNomination(string week, string user) =>
        connection.Execute("DELETE FROM nominations WHERE week = @week AND proposed_by = @userId", new { week, userId = UserId(user) });

    public void AddVote(string week, long nominationId, string user) =>
        connection.Execute("INSERT OR IGNORE INTO votes (nomination_id, user_id, week) VALUES (@nominationId, @userId, @week)",
            new { nominationId, userId = UserId(user), week });

    public void MarkWatched(string user, long tmdbId, string title, string? week, int? rating = null) =>
        connection.Execute("""
            INSERT INTO watch_history (user_id, tmdb_id, title, week, rating) VALUES (@userId, @tmdbId, @title, @week, @rating)
            ON CONFLICT(user_id, tmdb_id) DO UPDATE SET watched_at = CURRENT_TIMESTAMP, rating = COALESCE(excluded.rating, rating)
            """, new { userId = UserId(user), tmdbId, title, week, rating });

    public void SetSynced(string user, long tmdbId) =>
        connection.Execute("UPDATE watch_history SET synced_to_trakt = 1 WHERE user_id = @userId AND tmdb_id = @tmdbId", new { userId = UserId(user), tmdbId });

    public void SaveWeekResults(string week, long? firstTmdb, string? firstTitle, long? secondTmdb, string? secondTitle) =>
        connection.Execute("""
            INSERT INTO week_results (week, first_place_tmdb, first_place_title, second_place_tmdb, second_place_title)
            VALUES (@week, @firstTmdb, @firstTitle, @secondTmdb, @secondTitle)
            """, new { week, firstTmdb, firstTitle, secondTmdb, secondTitle });

    /// <summary>As trakt/auth.js saves a link: tokens through encrypt(), expiry as JavaScript's toISOString().</summary>
    public void SaveTraktAuth(string user, string traktUsername, string accessToken, string refreshToken, DateTimeOffset expiresAt) =>
        connection.Execute("""
            INSERT INTO trakt_auth (user_id, trakt_username, access_token, refresh_token, expires_at) VALUES (@userId, @traktUsername, @access, @refresh, @expiresAt)
            ON CONFLICT(user_id) DO UPDATE SET trakt_username = excluded.trakt_username, access_token = excluded.access_token,
              refresh_token = excluded.refresh_token, expires_at = excluded.expires_at, linked_at = CURRENT_TIMESTAMP
            """, new
        {
            userId = UserId(user), traktUsername, access = Encrypt(accessToken), refresh = Encrypt(refreshToken),
            expiresAt = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        });

    public void Execute(string sql, object? args = null) => connection.Execute(sql, args);

    /// <summary>utils/encryption.js encrypt(): AES-256-GCM, a random 16-byte IV, "ivhex:taghex:datahex".</summary>
    private string Encrypt(string text)
    {
        if (key is null) return text;
        var iv = RandomNumberGenerator.GetBytes(16);
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(true, new AeadParameters(new KeyParameter(key), 128, iv));
        var plain = System.Text.Encoding.UTF8.GetBytes(text);
        var output = new byte[gcm.GetOutputSize(plain.Length)];
        var length = gcm.ProcessBytes(plain, 0, plain.Length, output, 0);
        gcm.DoFinal(output, length);
        var data = output.AsSpan(0, plain.Length);
        var tag = output.AsSpan(plain.Length);
        return $"{Convert.ToHexStringLower(iv)}:{Convert.ToHexStringLower(tag)}:{Convert.ToHexStringLower(data)}";
    }

    /// <summary>Closes the file as the old app does on exit (its WAL checkpointed into the file).</summary>
    public void Dispose() => connection.Dispose();
}
