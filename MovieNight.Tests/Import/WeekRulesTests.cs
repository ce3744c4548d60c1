using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Tests.Import;

/// <summary>The settled rules for votes, bot votes, winners, ratings and v1 weeks.</summary>
public sealed class WeekRulesTests
{
    private const string TwoBotNominations = """
        {"id": 671, "title": "Harry Potter and the Philosopher's Stone", "year": "2001",
         "poster": "https://image.tmdb.org/t/p/w500/wuMc08IPKEatf9rnMNXvIDxqP4W.jpg", "proposedBy": "Jázmin", "votes": VOTES671},
        {"id": 862, "title": "Toy Story", "year": "1995", "poster": "https://image.tmdb.org/t/p/w500/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg",
         "proposedBy": "Timea", "votes": 1}
        """;

    [Fact]
    public void A_web_and_a_bot_vote_by_one_member_for_one_nomination_count_once_and_are_reported()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson(BrokenFileTests.Household($$"""
            "currentWeek": {"weekNumber": "2026-W04", "nominations": [{{TwoBotNominations.Replace("VOTES671", "1")}}],
              "votes": {"671": {"Erik": true}, "Erik": [671, 862]} }
            """));

        Assert.Equal(2, report.Votes);
        Assert.Equal(["Harry Potter and the Philosopher's Stone", "Toy Story"],
            db.Query<string>("SELECT n.title FROM votes v JOIN nominations n ON n.id = v.nomination_id ORDER BY n.title"));
        var duplicate = Assert.Single(report.Skipped);
        Assert.Equal("$.currentWeek.votes.Erik[0]", duplicate.JsonPath);
        Assert.Contains("counts once", duplicate.Reason);
    }

    [Fact]
    public void A_bot_vote_count_that_disagrees_with_the_member_arrays_is_reported_and_never_added()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson(BrokenFileTests.Household($$"""
            "currentWeek": {"weekNumber": "2026-W04", "nominations": [{{TwoBotNominations.Replace("VOTES671", "3")}}],
              "votes": {"Erik": [671], "Timea": [671, 862]} }
            """));

        Assert.Equal(3, report.Votes);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal("$.currentWeek.nominations[0].votes", warning.JsonPath);
        Assert.Contains("counted 3", warning.Reason);
        Assert.Empty(report.Skipped);
    }

    [Fact]
    public void A_bot_vote_for_an_id_with_no_nomination_that_week_is_skipped_and_reported()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson(BrokenFileTests.Household($$"""
            "currentWeek": {"weekNumber": "2026-W04", "nominations": [{{TwoBotNominations.Replace("VOTES671", "1")}}],
              "votes": {"Erik": [671, 155]} }
            """));

        Assert.Equal(1, report.Votes);
        Assert.Equal("$.currentWeek.votes.Erik[1]", Assert.Single(report.Skipped).JsonPath);
    }

    [Fact]
    public void The_same_movie_nominated_twice_in_a_week_keeps_both_nominations_and_their_votes()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson(BrokenFileTests.Household("""
            "currentWeek": {"weekNumber": "2026-W04", "nominations": [
              {"id": "1768845600010", "tmdbId": 862, "title": "Toy Story", "proposedBy": "Erik", "proposedAt": "2026-01-19T18:00:00.010Z"},
              {"id": 862, "title": "Toy Story", "proposedBy": "Timea", "votes": 1}],
              "votes": {"1768845600010": {"Timea": true, "Jázmin": true}, "Erik": [862]}}
            """));

        Assert.Equal((2, 3), (report.Nominations, report.Votes));
        Assert.Equal([("1768845600010", 2L), ("862", 1L)], db.Query<(string, long)>("""
            SELECT n.legacy_id, count(v.id) FROM nominations n LEFT JOIN votes v ON v.nomination_id = n.id
            WHERE n.tmdb_id = 862 GROUP BY n.id ORDER BY n.legacy_id
            """));
    }

    [Fact]
    public void A_winner_missing_from_all_movies_is_imported_as_a_nomination_of_its_week_and_reported()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson(BrokenFileTests.Household("""
            "history": [{"weekNumber": "2026-W03",
              "firstPlace": {"id": "5", "tmdbId": 354912, "title": "Coco", "proposedBy": "Jázmin", "ratings": {"Erik": 5}},
              "secondPlace": {"id": "6", "tmdbId": 12, "title": "Finding Nemo", "proposedBy": "Timea"},
              "allMovies": [{"id": "6", "tmdbId": 12, "title": "Finding Nemo", "proposedBy": "Timea"}],
              "votes": {"5": {"Erik": true}}}]
            """));

        Assert.Equal((2, 1, 1, 1), (report.Nominations, report.Votes, report.Ratings, report.WeekHistoryRows));
        Assert.Equal([("Coco", "Finding Nemo")], db.Query<(string, string)>("""
            SELECT f.title, s.title FROM week_history h JOIN nominations f ON f.id = h.first_place_id JOIN nominations s ON s.id = h.second_place_id
            """));
        Assert.Equal("$.history[0].firstPlace", Assert.Single(report.Warnings).JsonPath);
        Assert.Equal([10L], db.Query<long>("SELECT rating FROM watch_history"));
    }

    [Fact]
    public void A_rating_only_in_a_winner_copy_still_counts_once()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson(BrokenFileTests.Household("""
            "history": [{"weekNumber": "2026-W03",
              "firstPlace": {"id": "5", "tmdbId": 354912, "title": "Coco", "proposedBy": "Jázmin", "ratings": {"Erik": 5, "Timea": 3}},
              "allMovies": [{"id": "5", "tmdbId": 354912, "title": "Coco", "proposedBy": "Jázmin", "ratings": {"Erik": 5}}]}]
            """));

        Assert.Equal(2, report.Watches);
        Assert.Equal([("Erik", 10L), ("Timea", 6L)], db.Query<(string, long)>(
            "SELECT u.name, w.rating FROM watch_history w JOIN users u ON u.id = w.user_id ORDER BY u.name"));
        Assert.Empty(report.Skipped); // equal ratings are not a conflict
    }

    [Fact]
    public void A_member_rating_one_movie_in_two_weeks_is_two_watches()
    {
        using var db = new ImportDatabase();

        db.ImportJson(BrokenFileTests.Household("""
            "currentWeek": {"weekNumber": "2026-W04", "nominations": [{"id": "2", "tmdbId": 862, "title": "Toy Story", "proposedBy": "Erik", "ratings": {"Timea": 5}}]},
            "history": [{"weekNumber": "2025-W52", "allMovies": [{"id": "1", "tmdbId": 862, "title": "Toy Story", "proposedBy": "Erik", "ratings": {"Timea": 3}}]}]
            """));

        Assert.Equal([("2025-W52", 6L), ("2026-W04", 10L)], db.Query<(string, long)>("SELECT week, rating FROM watch_history ORDER BY week"));
    }

    [Fact]
    public void v1_weeks_are_iso_weeks_of_the_local_date_in_the_household_time_zone()
    {
        // Sunday 23:30 UTC is already Monday 00:30 in Budapest: the next ISO week there.
        const string json = """
            {"movies": [{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "proposedAt": "2026-02-01T23:30:00.000Z", "votes": {}}]}
            """;
        using var budapest = new ImportDatabase();
        using var utc = new ImportDatabase();

        budapest.Import(budapest.WriteFile("data.json", json));
        utc.Import(utc.WriteFile("data.json", json), zone: TimeZoneInfo.Utc);

        Assert.Equal("2026-W06", budapest.Scalar<string>("SELECT week FROM nominations"));
        Assert.Equal("2026-W05", utc.Scalar<string>("SELECT week FROM nominations"));
        Assert.Equal("2026-02-01T23:30:00.000Z", budapest.Scalar<string>("SELECT proposed_at FROM nominations"));
    }

    [Fact]
    public void v1_week_with_three_watched_movies_keeps_the_first_two_by_proposal_time_and_reports_the_third()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson("""
            {"movies": [
              {"id": "3", "tmdbId": 13, "title": "Forrest Gump", "proposedBy": "Erik", "proposedAt": "2026-02-03T18:00:00.000Z", "watched": true},
              {"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "proposedAt": "2026-02-02T18:00:00.000Z", "watched": true},
              {"id": "2", "tmdbId": 129, "title": "Spirited Away", "proposedBy": "Erik", "proposedAt": "2026-02-02T19:00:00.000Z", "watched": true},
              {"id": "4", "tmdbId": 155, "title": "The Dark Knight", "proposedBy": "Erik", "proposedAt": "2026-02-02T17:00:00.000Z", "watched": false}]}
            """);

        Assert.Equal([("The Matrix", "Spirited Away")], db.Query<(string, string)>("""
            SELECT f.title, s.title FROM week_history h JOIN nominations f ON f.id = h.first_place_id JOIN nominations s ON s.id = h.second_place_id
            """));
        Assert.Equal(4, report.Nominations);
        Assert.Equal("$.movies[0].watched", Assert.Single(report.Skipped).JsonPath);
    }

    [Fact]
    public void v1_duplicate_ids_in_one_week_are_an_error_but_in_different_weeks_are_fine()
    {
        using var db = new ImportDatabase();
        const string movie = """{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "proposedAt": "AT"}""";

        var error = Assert.Throws<LegacyImportException>(() =>
            db.ImportJson($$"""{"movies": [{{movie.Replace("AT", "2026-02-02T10:00:00Z")}}, {{movie.Replace("AT", "2026-02-03T10:00:00Z")}}]}"""));
        var report = db.ImportJson($$"""{"movies": [{{movie.Replace("AT", "2026-02-02T10:00:00Z")}}, {{movie.Replace("AT", "2026-02-10T10:00:00Z")}}]}""");

        Assert.Equal("$.movies[1].id", error.JsonPath);
        Assert.Equal((2, 2), (report.Nominations, report.Weeks));
    }

    [Fact]
    public void An_empty_current_week_adds_nothing_and_no_week_history_row()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson(BrokenFileTests.Household("""
            "currentWeek": {"weekNumber": "2026-W04", "phase": "results", "nominations": [], "votes": {}}, "history": []
            """));

        Assert.Equal((0, 0, 0), (report.Weeks, report.Nominations, report.WeekHistoryRows));
    }
}
