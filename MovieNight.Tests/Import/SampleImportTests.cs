using MovieNight.Migrations;

namespace MovieNight.Tests.Import;

/// <summary>The four files the old app itself wrote, with the counts and facts in their README.</summary>
public sealed class SampleImportTests
{
    [Theory]
    [InlineData("v2-household.json", 4, 19, 34, 4, 20)]
    [InlineData("v1-data.json", 4, 7, 12, 2, 0)]
    [InlineData("telegram-mixed-voting.json", 4, 19, 36, 4, 20)]
    [InlineData("edge-year-na.json", 4, 19, 33, 4, 20)]
    public void Importing_a_sample_stores_its_documented_counts(string file, int members, int nominations, int votes, int weekHistory, int ratedWatches)
    {
        using var db = new ImportDatabase();

        var report = db.ImportSample(file);

        Assert.Equal(new RowCounts(members, nominations, votes, ratedWatches, weekHistory, 1), db.Rows());
        Assert.Equal(ratedWatches, db.Scalar<long>("SELECT count(*) FROM watch_history WHERE rating IS NOT NULL"));
        Assert.Equal((members, nominations, votes, ratedWatches, ratedWatches, weekHistory),
            (report.Members, report.Nominations, report.Votes, report.Ratings, report.Watches, report.WeekHistoryRows));
        Assert.False(report.AlreadyImported);
        Assert.False(report.DryRun);
        Assert.Equal(file, report.FileName);
    }

    [Fact]
    public void Importing_v2_household_hashes_the_pins_members_sign_in_with()
    {
        using var db = new ImportDatabase();
        db.ImportSample("v2-household.json");

        var pins = db.Query<(string Name, string? Pin)>("SELECT name, pin FROM users").ToDictionary(u => u.Name, u => u.Pin);
        Assert.True(PinHasher.Verify(pins["Erik"]!, "4821"));
        Assert.True(PinHasher.Verify(pins["Timea"]!, "1357"));
        Assert.True(PinHasher.Verify(pins["Jázmin"]!, "2468"));
        Assert.False(PinHasher.Verify(pins["Erik"]!, "1357"));
        Assert.DoesNotContain("4821", pins["Erik"]);
        Assert.Null(pins["Niki"]);
    }

    [Fact]
    public void Importing_v2_household_keeps_names_and_icons_and_makes_the_first_member_admin()
    {
        using var db = new ImportDatabase();
        var report = db.ImportSample("v2-household.json");

        var users = db.Query<(string Name, string Icon, long IsAdmin, long IsActive)>("SELECT name, icon, is_admin, is_active FROM users ORDER BY id");
        Assert.Equal(
            [("Erik", "👨‍💼", 1L, 1L), ("Timea", "👩‍🦰", 0L, 1L), ("Jázmin", "👧", 0L, 1L), ("Niki", "🦄", 0L, 1L)],
            users);
        Assert.Equal("Erik", report.AdminName);
    }

    [Fact]
    public void Importing_v2_household_stores_timeas_rerated_coco_once_as_eight()
    {
        using var db = new ImportDatabase();
        db.ImportSample("v2-household.json");

        var watches = db.Query<(long Rating, string Week, string? WatchedAt, long Synced)>("""
            SELECT w.rating, w.week, w.watched_at, w.synced_to_trakt FROM watch_history w JOIN users u ON u.id = w.user_id
            WHERE u.name = 'Timea' AND w.tmdb_id = 354912
            """);
        Assert.Equal([(8L, "2026-W03", (string?)null, 0L)], watches);
    }

    [Fact]
    public void Importing_v2_household_records_winners_per_past_week_and_none_for_the_current_week()
    {
        using var db = new ImportDatabase();
        db.ImportSample("v2-household.json");

        var results = db.Query<(string Week, string First, string Second)>("""
            SELECT h.week, f.title, s.title FROM week_history h
            JOIN nominations f ON f.id = h.first_place_id JOIN nominations s ON s.id = h.second_place_id
            ORDER BY h.week DESC
            """);
        Assert.Equal(
            [("2026-W03", "Coco", "Finding Nemo"), ("2026-W01", "WALL·E", "Interstellar"),
             ("2025-W52", "The Dark Knight", "The Shawshank Redemption"), ("2025-W51", "Spirited Away", "Inception")],
            results);
        Assert.Equal(0, db.Scalar<long>("SELECT count(*) FROM week_history WHERE week = '2026-W04'"));
        Assert.Equal(4, db.Scalar<long>("SELECT count(*) FROM nominations WHERE week = '2026-W04'"));
        Assert.Equal(5, db.Scalar<long>("SELECT count(*) FROM votes WHERE week = '2026-W04'"));
    }

    [Fact]
    public void Importing_v2_household_invents_no_2026_W02_and_keeps_2026_W01_and_2025_W52()
    {
        using var db = new ImportDatabase();
        var report = db.ImportSample("v2-household.json");

        var weeks = db.Query<string>("SELECT week FROM nominations UNION SELECT week FROM week_history ORDER BY 1");
        Assert.Equal(["2025-W51", "2025-W52", "2026-W01", "2026-W03", "2026-W04"], weeks);
        Assert.Equal(3, db.Scalar<long>("SELECT count(*) FROM nominations WHERE week = '2026-W01'"));
        Assert.Equal(5, report.Weeks);
    }

    [Fact]
    public void Importing_v2_household_reports_the_two_orphan_vote_keys()
    {
        using var db = new ImportDatabase();
        var report = db.ImportSample("v2-household.json");

        Assert.Contains(report.Skipped, s => s.JsonPath == "$.history[0].votes['1768320000011']");
        Assert.Contains(report.Skipped, s => s.JsonPath == "$.history[3].votes['1765902600010']");
    }

    [Fact]
    public void Importing_v2_household_keeps_legacy_ids_and_movie_details()
    {
        using var db = new ImportDatabase();
        db.ImportSample("v2-household.json");

        var coco = db.Query<(string LegacyId, string ImdbId, string Year, string Poster, double Rating, string ProposedAt, string By)>("""
            SELECT n.legacy_id, n.imdb_id, n.year, n.poster_path, n.rating, n.proposed_at, u.name
            FROM nominations n JOIN users u ON u.id = n.proposed_by WHERE n.tmdb_id = 354912
            """).Single();
        Assert.Equal(("1768320000073", "tt2380307", "2017", "/gGEsBPAijhVUFoiNpgZXqRVWJt2.jpg", 8.2, "2026-01-13T16:00:00.073Z", "Jázmin"), coco);
        Assert.Equal(0, db.Scalar<long>("SELECT count(*) FROM votes WHERE created_at IS NOT NULL"));
    }

    [Fact]
    public void Importing_the_telegram_file_keeps_all_three_of_eriks_votes()
    {
        using var db = new ImportDatabase();
        var report = db.ImportSample("telegram-mixed-voting.json");

        var eriks = db.Query<string>("""
            SELECT n.title FROM votes v JOIN users u ON u.id = v.user_id JOIN nominations n ON n.id = v.nomination_id
            WHERE u.name = 'Erik' AND v.week = '2026-W04' ORDER BY n.title
            """);
        Assert.Equal(["Dune", "Harry Potter and the Philosopher's Stone", "Toy Story"], eriks);
        Assert.Empty(report.Warnings); // the bot's counts (2 and 2) agree with the member arrays
    }

    [Fact]
    public void Importing_the_telegram_file_turns_bot_nominations_into_ordinary_ones()
    {
        using var db = new ImportDatabase();
        db.ImportSample("telegram-mixed-voting.json");

        var bot = db.Query<(long TmdbId, string LegacyId, string Poster, string? ProposedAt, string? ImdbId, string By)>("""
            SELECT n.tmdb_id, n.legacy_id, n.poster_path, n.proposed_at, n.imdb_id, u.name
            FROM nominations n JOIN users u ON u.id = n.proposed_by WHERE n.week = '2026-W04' AND n.tmdb_id IN (671, 862) ORDER BY n.tmdb_id
            """);
        Assert.Equal(
            [(671L, "671", "/wuMc08IPKEatf9rnMNXvIDxqP4W.jpg", (string?)null, (string?)null, "Jázmin"),
             (862L, "862", "/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg", null, null, "Niki")],
            bot);
    }

    [Fact]
    public void Importing_the_edge_file_stores_an_unknown_year_and_rating_as_null()
    {
        using var db = new ImportDatabase();
        db.ImportSample("edge-year-na.json");

        var movie = db.Query<(string? Year, double? Rating, string? ImdbId, string? Poster)>(
            "SELECT year, rating, imdb_id, poster_path FROM nominations WHERE tmdb_id = 999000001").Single();
        Assert.Equal((null, null, null, null), movie);
    }

    [Fact]
    public void Importing_v1_data_places_movies_in_the_iso_weeks_they_were_proposed_and_watched_ones_win()
    {
        using var db = new ImportDatabase();
        var report = db.ImportSample("v1-data.json");

        var results = db.Query<(string Week, string First, long? Second)>("""
            SELECT h.week, f.title, h.second_place_id FROM week_history h JOIN nominations f ON f.id = h.first_place_id ORDER BY h.week
            """);
        Assert.Equal([("2026-W05", "Spirited Away", (long?)null), ("2026-W07", "The Dark Knight", null)], results);
        Assert.Equal(2, report.Weeks);
        Assert.Equal("Erik", report.AdminName);
        Assert.Equal(0, db.Count("watch_history")); // watched is the household's pick, not proof each member watched
        Assert.Equal(0, db.Scalar<long>("SELECT count(*) FROM users WHERE pin IS NOT NULL OR icon IS NOT NULL"));
    }
}
