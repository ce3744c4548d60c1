using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Tests.Import;

/// <summary>Files the importer must refuse: the error names the JSON path, and nothing is written.</summary>
public sealed class BrokenFileTests
{
    [Theory]
    [InlineData("broken-wrong-type.json", "$.history[3].allMovies[1].tmdbId", "expected a number, found a string")]
    [InlineData("broken-unknown-member.json", "$.history[1].votes['1766998800121'].Zoltán", "not one")]
    [InlineData("broken-duplicate-ids.json", "$.history[2].allMovies[3].id", "unique")]
    [InlineData("broken-rating-out-of-range.json", "$.currentWeek.nominations[1].ratings.Erik", "from 1 to 5, found 6")]
    [InlineData("broken-empty-object.json", "$", "movies")]
    public void Importing_a_broken_sample_names_the_bad_value_and_writes_nothing(string file, string jsonPath, string explanation)
    {
        using var db = new ImportDatabase();

        var error = Assert.Throws<LegacyImportException>(() => db.ImportSample(file));

        Assert.Equal(jsonPath, error.JsonPath);
        Assert.StartsWith(jsonPath + ": ", error.Message);
        Assert.Contains(explanation, error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Fact]
    public void Importing_a_truncated_file_reports_malformed_json_with_its_line_and_writes_nothing()
    {
        using var db = new ImportDatabase();

        var error = Assert.Throws<LegacyImportException>(() => db.ImportSample("broken-truncated.json"));

        Assert.Matches(@"malformed or truncated at line \d+, position \d+", error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Fact]
    public void Importing_broken_json_reports_the_line_where_it_breaks()
    {
        using var db = new ImportDatabase();

        var error = Assert.Throws<LegacyImportException>(() => db.ImportJson("{\n  \"movies\": [\n    {\"id\": \"1\",, }\n  ]\n}"));

        Assert.Contains("line 3,", error.Message);
    }

    [Theory]
    [InlineData("[]", "$", "expected an object")]
    [InlineData("\"data\"", "$", "expected an object")]
    [InlineData("""{"settings": {}}""", "$", "found none")]
    [InlineData("""{"users": []}""", "$.users", "expected an object, found an array")]
    [InlineData("""{"movies": {}}""", "$.movies", "expected an array, found an object")]
    [InlineData("""{"users": {"Erik": {"pin": 1234}}}""", "$.users.Erik.pin", "found a number")]
    [InlineData("""{"users": {"Erik": "👨"}}""", "$.users.Erik", "expected an object")]
    [InlineData("""{"users": {"Erik": {"icon": 7}}}""", "$.users.Erik.icon", "expected a string, found a number")]
    [InlineData("""{"users": {"Erik": {}, "Erik": {}}}""", "$.users.Erik", "twice")]
    [InlineData("""{"history": [{"weekNumber": "2026-W03", "votes": {"1": {"Erik": true, "Erik": false}}}]}""", "$.history[0].votes['1'].Erik", "twice")]
    [InlineData("""{"users": {"\ud83d": {}}}""", "$.users", "broken escape")]
    [InlineData("""{"currentWeek": {"weekNumber": "2026-W4", "nominations": []}}""", "$.currentWeek.weekNumber", "\"2026-W4\"")]
    [InlineData("""{"history": [{"weekNumber": "2025-W53"}]}""", "$.history[0].weekNumber", "ISO week")]
    [InlineData("""{"history": [{"weekNumber": 202603}]}""", "$.history[0].weekNumber", "found a number")]
    [InlineData("""{"history": [{"allMovies": []}]}""", "$.history[0].weekNumber", "found nothing")]
    [InlineData("""{"history": [{"weekNumber": "2026-W03"}, {"weekNumber": "2026-W03"}]}""", "$.history[1].weekNumber", "$.history[0].weekNumber")]
    [InlineData("""{"currentWeek": {"weekNumber": "2026-W03"}, "history": [{"weekNumber": "2026-W03"}]}""", "$.history[0].weekNumber", "again")]
    [InlineData("""{"history": ["2026-W03"]}""", "$.history[0]", "expected an object")]
    public void Importing_a_file_of_the_wrong_shape_names_the_bad_value(string json, string jsonPath, string explanation)
    {
        using var db = new ImportDatabase();

        var error = Assert.Throws<LegacyImportException>(() => db.ImportJson(json));

        Assert.Equal(jsonPath, error.JsonPath);
        Assert.Contains(explanation, error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("4.5")]
    [InlineData("\"4\"")]
    [InlineData("-1")]
    [InlineData("{}")]
    public void Importing_a_rating_that_is_not_one_to_five_whole_stars_is_an_error(string rating)
    {
        using var db = new ImportDatabase();
        var json = Household("""
            "currentWeek": {"weekNumber": "2026-W04", "nominations": [
              {"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "ratings": {"Timea": 4, "Erik": RATING}}]}
            """.Replace("RATING", rating));

        var error = Assert.Throws<LegacyImportException>(() => db.ImportJson(json));

        Assert.Equal("$.currentWeek.nominations[0].ratings.Erik", error.JsonPath);
        Assert.Contains("from 1 to 5", error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Theory]
    [InlineData("""{"id": "1", "title": "The Matrix", "proposedBy": "Erik"}""", "$.currentWeek.nominations[0].tmdbId", "found nothing")]
    [InlineData("""{"id": "1", "tmdbId": null, "title": "The Matrix", "proposedBy": "Erik"}""", "$.currentWeek.nominations[0].tmdbId", "TMDB id")]
    [InlineData("""{"id": "1", "tmdbId": 603.5, "title": "The Matrix", "proposedBy": "Erik"}""", "$.currentWeek.nominations[0].tmdbId", "whole number")]
    [InlineData("""{"id": true, "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik"}""", "$.currentWeek.nominations[0].id", "found a boolean")]
    [InlineData("""{"tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik"}""", "$.currentWeek.nominations[0].id", "found nothing")]
    [InlineData("""{"id": "1", "tmdbId": 603, "proposedBy": "Erik"}""", "$.currentWeek.nominations[0].title", "title")]
    [InlineData("""{"id": "1", "tmdbId": 603, "title": "The Matrix"}""", "$.currentWeek.nominations[0].proposedBy", "found nothing")]
    [InlineData("""{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Zoltán"}""", "$.currentWeek.nominations[0].proposedBy", "Zoltán")]
    [InlineData("""{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "proposedAt": "yesterday"}""", "$.currentWeek.nominations[0].proposedAt", "\"yesterday\"")]
    [InlineData("""{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "year": true}""", "$.currentWeek.nominations[0].year", "found a boolean")]
    [InlineData("""{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "rating": "8.2"}""", "$.currentWeek.nominations[0].rating", "expected a number, found a string")]
    [InlineData("""{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "ratings": {"Zoltán": 4}}""", "$.currentWeek.nominations[0].ratings.Zoltán", "not one")]
    [InlineData("""{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "ratings": [4]}""", "$.currentWeek.nominations[0].ratings", "expected an object")]
    [InlineData("""{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "votes": {"Timea": true}}""", "$.currentWeek.nominations[0].votes", "vote count")]
    [InlineData("""{"id": 0, "title": "The Matrix", "proposedBy": "Erik"}""", "$.currentWeek.nominations[0].id", "positive")]
    public void Importing_a_nomination_with_a_bad_field_names_the_field(string nomination, string jsonPath, string explanation)
    {
        using var db = new ImportDatabase();
        var json = Household($$"""
            "currentWeek": {"weekNumber": "2026-W04", "nominations": [{{nomination}}]}
            """);

        var error = Assert.Throws<LegacyImportException>(() => db.ImportJson(json));

        Assert.Equal(jsonPath, error.JsonPath);
        Assert.Contains(explanation, error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Theory]
    [InlineData("""{"1": {"Timea": "yes"}}""", "$.currentWeek.votes['1'].Timea", "true or false")]
    [InlineData("""{"1": {"Timea": null}}""", "$.currentWeek.votes['1'].Timea", "found null")]
    [InlineData("""{"1": {"Zoltán": true}}""", "$.currentWeek.votes['1'].Zoltán", "not one")]
    [InlineData("""{"1": true}""", "$.currentWeek.votes['1']", "found a boolean")]
    [InlineData("""{"Zoltán": [603]}""", "$.currentWeek.votes.Zoltán", "not one")]
    [InlineData("""{"Timea": ["603"]}""", "$.currentWeek.votes.Timea[0]", "found a string")]
    public void Importing_a_bad_vote_names_it(string votes, string jsonPath, string explanation)
    {
        using var db = new ImportDatabase();
        var json = Household($$"""
            "currentWeek": {"weekNumber": "2026-W04",
              "nominations": [{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik"}],
              "votes": {{votes}}}
            """);

        var error = Assert.Throws<LegacyImportException>(() => db.ImportJson(json));

        Assert.Equal(jsonPath, error.JsonPath);
        Assert.Contains(explanation, error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Fact]
    public void Importing_v1_movies_naming_a_member_missing_from_its_users_section_is_an_error()
    {
        using var db = new ImportDatabase();
        var json = """
            {"users": {"Erik": {"icon": "👨‍💼"}},
             "movies": [{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik",
                         "proposedAt": "2026-02-01T18:30:00.000Z", "votes": {"Erik": false, "Timea": true}}]}
            """;

        var error = Assert.Throws<LegacyImportException>(() => db.ImportJson(json));

        Assert.Equal("$.movies[0].votes.Timea", error.JsonPath);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Fact]
    public void Importing_a_v1_movie_without_proposed_at_is_an_error_since_its_week_is_unknown()
    {
        using var db = new ImportDatabase();

        var error = Assert.Throws<LegacyImportException>(() => db.ImportJson("""
            {"movies": [{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "votes": {}}]}
            """));

        Assert.Equal("$.movies[0].proposedAt", error.JsonPath);
    }

    [Fact]
    public void Importing_a_v1_week_that_the_v2_sections_also_hold_is_an_error()
    {
        using var db = new ImportDatabase();

        var error = Assert.Throws<LegacyImportException>(() => db.ImportJson(Household("""
            "movies": [{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "proposedAt": "2026-01-20T10:00:00.000Z"}],
            "currentWeek": {"weekNumber": "2026-W04", "nominations": [{"id": "2", "tmdbId": 13, "title": "Forrest Gump", "proposedBy": "Timea"}]}
            """)));

        Assert.Equal("$.currentWeek.weekNumber", error.JsonPath);
        Assert.Contains("$.movies[0].proposedAt", error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Fact]
    public void Importing_a_week_the_database_already_holds_is_refused_and_writes_nothing()
    {
        using var db = new ImportDatabase();
        db.ImportSample("v2-household.json");
        var before = db.Rows();

        // The edge file is another export of the same household: same weeks, different bytes.
        var error = Assert.Throws<LegacyImportException>(() => db.ImportSample("edge-year-na.json"));

        Assert.Equal("$.currentWeek.weekNumber", error.JsonPath);
        Assert.Contains("2026-W04", error.Message);
        Assert.Equal(before, db.Rows());
    }

    /// <summary>A small v2 household (Erik, Timea, Jázmin) around the given top-level sections.</summary>
    internal static string Household(string sections) =>
        """{"users": {"Erik": {"icon": "👨‍💼", "pin": "4821"}, "Timea": {"icon": "👩‍🦰", "pin": null}, "Jázmin": {"icon": "👧"}},""" +
        "\n" + sections + "}";
}
