using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Weeks;

/// <summary>0006 rebuilds nominations (tmdb_id becomes optional) on a database that already has a history.</summary>
public sealed class NominationsRebuildTests
{
    private const string Nominations = """
        SELECT id, week, tmdb_id, title, year, poster_path, backdrop_path, overview, rating, proposed_by, proposed_at, imdb_id, legacy_id
        FROM nominations ORDER BY id
        """;

    [Fact]
    public void Rebuild_keeps_every_nomination_and_what_points_at_it_and_allows_a_missing_tmdb_id()
    {
        using var directory = new TempDirectory();
        var connectionString = Sqlite.ConnectionString(directory.File("movienight.db"));
        using (var connection = Sqlite.Open(connectionString))
        {
            MigrateUpTo(connection, version: 5);
            connection.Execute("""
                INSERT INTO users (id, name) VALUES (1, 'Timea'), (2, 'Erik');
                INSERT INTO nominations (id, week, tmdb_id, title, year, poster_path, backdrop_path, overview, rating, proposed_by, proposed_at, imdb_id, legacy_id)
                VALUES (5, '2025-W40', 438631, 'Dune', '2021', '/p.jpg', '/b.jpg', 'Sand.', 7.8, 1, '2025-09-30T10:00:00.000Z', 'tt1160419', '1727690400000'),
                       (9, '2025-W40', 348, 'Alien', '1979', NULL, NULL, NULL, 8.2, 2, NULL, NULL, NULL);
                INSERT INTO votes (nomination_id, user_id, week) VALUES (9, 1, '2025-W40');
                INSERT INTO week_history (week, first_place_id, second_place_id) VALUES ('2025-W40', 9, 5);
                INSERT INTO watch_history (user_id, tmdb_id, nomination_id, week) VALUES (1, 348, 9, '2025-W40');
                """);
        }
        List<dynamic> before;
        using (var connection = Sqlite.Open(connectionString)) before = connection.Query(Nominations).AsList();

        new Migrator(connectionString).Migrate();

        using var migrated = Sqlite.Open(connectionString);
        Assert.Equal(Json(before), Json(migrated.Query(Nominations)));
        Assert.Empty(migrated.Query("PRAGMA foreign_key_check"));
        Assert.Equal(1, migrated.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_nominations_week'"));
        Assert.Equal((9L, 5L), migrated.QuerySingle<(long, long)>("SELECT first_place_id, second_place_id FROM week_history"));

        var byTitle = migrated.QuerySingle<long>(
            "INSERT INTO nominations (week, tmdb_id, title, year, proposed_by) VALUES ('2025-W41', NULL, 'Home movie', '2024', 1) RETURNING id");
        Assert.Equal(10, byTitle);
        // Ids are never handed out twice, even after the newest nomination is withdrawn.
        migrated.Execute("DELETE FROM nominations WHERE id = 10");
        Assert.Equal(11, migrated.QuerySingle<long>(
            "INSERT INTO nominations (week, title, proposed_by) VALUES ('2025-W41', 'Heat', 2) RETURNING id"));
        Assert.Throws<SqliteException>(() => migrated.Execute(
            "INSERT INTO nominations (week, title, proposed_by) VALUES ('2025-W41', 'Nobody', 99)"));
    }

    /// <summary>Brings a new file to an older schema version, as an installation of that version would have left it.</summary>
    private static void MigrateUpTo(SqliteConnection connection, int version)
    {
        connection.Execute("CREATE TABLE schema_journal (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        foreach (var script in Migrator.Scripts.Where(s => s.Version <= version))
        {
            connection.Execute(script.Sql);
            connection.Execute("INSERT INTO schema_journal VALUES (@Version, @Name, '2025-01-01')", new { script.Version, script.Name });
        }
    }

    private static string Json(IEnumerable<dynamic> rows) =>
        System.Text.Json.JsonSerializer.Serialize(rows.Select(r => (IDictionary<string, object?>)r));
}
