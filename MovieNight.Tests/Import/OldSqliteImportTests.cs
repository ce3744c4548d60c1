using MovieNight.Migrations;

namespace MovieNight.Tests.Import;

/// <summary>What an import of the old app's movie-night.db brings over, and how its gaps are decided.</summary>
public sealed class OldSqliteImportTests
{
    [Fact]
    public void A_household_imports_its_members_weeks_votes_results_and_watches()
    {
        using var db = new ImportDatabase();
        var key = OldAppDatabaseBuilder.NewKey();

        var report = OldAppHousehold.Import(db, OldAppHousehold.Write(db, key), key);

        Assert.Equal((4, 3, 7, 6, 4, 3, 2, 2), (report.Members, report.Weeks, report.Nominations, report.Votes, report.Watches, report.Ratings,
            report.WeekHistoryRows, report.TraktLinks));
        Assert.Equal("Erik", report.AdminName);
        var members = db.Query<(string Name, string Icon, string? Pin)>("SELECT name, icon, pin FROM users ORDER BY id");
        Assert.Equal(["Erik", "Timea", "Jázmin", "Niki"], members.Select(m => m.Name));
        Assert.True(PinHasher.Verify(members[0].Pin!, "1234"));
        Assert.Null(members[2].Pin);
        Assert.Null(members[3].Pin);
    }

    [Fact]
    public void A_movie_without_tmdb_id_or_year_imports_as_unknown_rather_than_zero()
    {
        using var db = new ImportDatabase();
        OldAppHousehold.Import(db, OldAppHousehold.Write(db, null), null);

        var mystery = db.Query<(long? Tmdb, string? Year, double? Rating)>("SELECT tmdb_id, year, rating FROM nominations WHERE title = 'Mystery Film'").Single();

        Assert.Equal((null, null, null), mystery);
    }

    [Fact]
    public void Past_weeks_keep_their_stored_winners_and_the_current_week_stays_open()
    {
        using var db = new ImportDatabase();
        var report = OldAppHousehold.Import(db, OldAppHousehold.Write(db, null), null);

        var results = db.Query<(string Week, string? First, string? Second)>("""
            SELECT h.week, f.title, s.title FROM week_history h
            LEFT JOIN nominations f ON f.id = h.first_place_id LEFT JOIN nominations s ON s.id = h.second_place_id ORDER BY h.week
            """);
        Assert.Equal([("2026-W02", "Inception", "Arrival"), ("2026-W03", "Heat", "The Fellowship of the Ring")], results);
        Assert.Contains(report.Warnings, w => w.JsonPath == "week_results[id=2].second_place" && w.Reason.Contains("The Fellowship of the Ring"));
        Assert.Equal(["Paddington"], db.Query<string>("SELECT title FROM nominations WHERE week = '2026-W04'"));
        Assert.Equal(1, db.Scalar<long>("SELECT count(*) FROM votes WHERE week = '2026-W04'"));
    }

    [Fact]
    public void A_withdrawn_nomination_and_its_votes_are_gone_and_the_new_one_is_kept()
    {
        using var db = new ImportDatabase();
        OldAppHousehold.Import(db, OldAppHousehold.Write(db, null), null);

        Assert.Equal(["Heat", "The Fellowship of the Ring", "Up"], db.Query<string>("SELECT title FROM nominations WHERE week = '2026-W03' ORDER BY title"));
        Assert.Equal(["Timea"], db.Query<string>("""
            SELECT u.name FROM votes v JOIN users u ON u.id = v.user_id JOIN nominations n ON n.id = v.nomination_id WHERE n.title = 'Heat'
            """));
    }

    [Fact]
    public void Ratings_double_onto_ten_and_watches_keep_their_week_sync_state_and_movie()
    {
        using var db = new ImportDatabase();
        OldAppHousehold.Import(db, OldAppHousehold.Write(db, null), null);

        var watches = db.Query<(string Name, long Tmdb, long? Rating, string? Week, long Synced, string? Nomination, string? WatchedAt)>("""
            SELECT u.name, w.tmdb_id, w.rating, w.week, w.synced_to_trakt, n.title, w.watched_at
            FROM watch_history w JOIN users u ON u.id = w.user_id LEFT JOIN nominations n ON n.id = w.nomination_id ORDER BY w.id
            """);

        Assert.Equal([("Timea", 27205L, 8L, "2026-W02", 1L, "Inception"), ("Erik", 0L, 10L, "2026-W02", 0L, "Mystery Film"),
                      ("Jázmin", 8587L, 6L, null, 0L, null), ("Niki", 949L, null, "2026-W03", 0L, "Heat")],
            watches.Select(w => (w.Name, w.Tmdb, w.Rating, w.Week, w.Synced, w.Nomination)));
        Assert.All(watches, w => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", w.WatchedAt!));
        // Outside movie night there is no nomination to show the movie by: its title waits in the movie cache.
        Assert.Equal("The Lion King", db.Scalar<string>("SELECT title FROM movies WHERE tmdb_id = 8587"));
    }

    [Fact]
    public void A_vote_whose_nomination_is_gone_is_skipped_and_reported()
    {
        using var db = new ImportDatabase();
        var path = OldAppHousehold.Write(db, null);
        // An old database edited by hand, or written with foreign keys off, keeps a vote its nomination's delete did not cascade to.
        using (var old = new OldAppDatabaseBuilder(path))
        {
            old.Execute("PRAGMA foreign_keys = OFF");
            old.Execute("DELETE FROM nominations WHERE title = 'Paddington'");
        }

        var report = OldAppHousehold.Import(db, path, null);

        var skipped = Assert.Single(report.Skipped, s => s.JsonPath.StartsWith("votes[", StringComparison.Ordinal));
        Assert.Contains("Erik's vote is for nomination", skipped.Reason);
        Assert.Equal(5, report.Votes);
    }

    [Fact]
    public void A_watch_on_movie_night_of_a_movie_not_nominated_that_week_keeps_its_week()
    {
        using var db = new ImportDatabase();
        var path = OldAppHousehold.Write(db, null);
        using (var old = new OldAppDatabaseBuilder(path)) old.MarkWatched("Timea", 603, "The Matrix", "2026-W03", rating: 5);

        OldAppHousehold.Import(db, path, null);

        Assert.Equal(("2026-W03", (long?)null, 10L), db.Query<(string, long?, long)>(
            "SELECT week, nomination_id, rating FROM watch_history WHERE tmdb_id = 603").Single());
    }

    [Fact]
    public void A_users_only_database_imports_its_members()
    {
        using var db = new ImportDatabase();
        var path = db.Directory.File("movie-night.db");
        using (var old = new OldAppDatabaseBuilder(path)) old.UpsertUser("Erik", "🎬", "1234").UpsertUser("Timea");

        var report = OldAppHousehold.Import(db, path, null);

        Assert.Equal((2, 0, 0, 0), (report.Members, report.Nominations, report.Watches, report.TraktLinks));
        Assert.Equal(2, db.Count("users"));
    }

    [Fact]
    public void An_empty_database_of_the_old_app_imports_with_zero_counts()
    {
        using var db = new ImportDatabase();
        var path = db.Directory.File("movie-night.db");
        new OldAppDatabaseBuilder(path).Dispose();

        var report = OldAppHousehold.Import(db, path, null);

        Assert.Equal((0, 0, 0), (report.Members, report.Nominations, report.Weeks));
        Assert.Equal(RowCounts.Empty with { Imports = 1 }, db.Rows());
    }
}
