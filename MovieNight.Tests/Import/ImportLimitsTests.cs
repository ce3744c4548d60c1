using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Import;

/// <summary>The importer applies the forms' limits (name and icon, title on one line and its length, four-digit year) and reports what it changed or refused.</summary>
public sealed class ImportLimitsTests
{
    [Fact]
    public void The_importer_and_the_forms_share_their_limits()
    {
        Assert.Equal(MemberRules.NameMaxLength, FieldLimits.NameMaxLength);
        Assert.Equal(MovieChoice.TitleMaxLength, FieldLimits.TitleMaxLength);
        Assert.Null(MemberRules.CheckIcon("👩🏽‍🚀"));
        Assert.True(FieldLimits.IsIcon("👩🏽‍🚀"));
        Assert.NotNull(MemberRules.CheckIcon("not an emoji"));
        Assert.False(FieldLimits.IsIcon("not an emoji"));
    }

    [Fact]
    public void A_title_on_several_lines_or_too_long_is_imported_on_one_line_cut_to_the_limit_and_reported()
    {
        using var db = new ImportDatabase();
        var longTitle = new string('a', 250);
        var report = db.ImportJson($$$"""
            {"users": {"Erik": {"icon": "🍿"}},
             "currentWeek": {"weekNumber": "2026-W04", "nominations": [
               {"id": "1", "tmdbId": 603, "title": "The\nMatrix\r\n  Reloaded", "proposedBy": "Erik"},
               {"id": "2", "tmdbId": 604, "title": "{{{longTitle}}}", "proposedBy": "Erik"}]}}
            """);

        Assert.Equal(["The Matrix Reloaded", new string('a', 200)], db.Query<string>("SELECT title FROM nominations ORDER BY tmdb_id"));
        Assert.Contains(report.Warnings, w => w.JsonPath == "$.currentWeek.nominations[0].title");
        Assert.Contains(report.Warnings, w => w.JsonPath == "$.currentWeek.nominations[1].title");
    }

    [Theory]
    [InlineData("\"199\"")]
    [InlineData("\"1999-2000\"")]
    [InlineData("20000")]
    public void A_year_the_form_would_refuse_is_left_out_and_reported(string year)
    {
        using var db = new ImportDatabase();
        var report = db.ImportJson($$$"""
            {"users": {"Erik": {"icon": "🍿"}},
             "currentWeek": {"weekNumber": "2026-W04", "nominations": [
               {"id": "1", "tmdbId": 603, "title": "The Matrix", "year": {{{year}}}, "proposedBy": "Erik"}]}}
            """);

        Assert.Null(db.Scalar<string?>("SELECT year FROM nominations"));
        Assert.Contains(report.Warnings, w => w.JsonPath == "$.currentWeek.nominations[0].year");
    }

    [Fact]
    public void An_icon_that_is_not_a_single_emoji_becomes_the_default_and_is_reported()
    {
        using var db = new ImportDatabase();
        var report = db.ImportJson("""{"users": {"Erik": {"icon": "a whole sentence instead of an emoji"}}, "movies": []}""");

        Assert.NotEqual("a whole sentence instead of an emoji", db.Scalar<string>("SELECT icon FROM users"));
        Assert.Contains(report.Skipped, s => s.JsonPath == "$.users.Erik.icon");
    }

    [Fact]
    public void A_name_longer_than_the_form_allows_is_refused_with_its_path()
    {
        using var db = new ImportDatabase();
        var name = new string('N', 41);
        var refused = Assert.Throws<LegacyImportException>(() => db.ImportJson($$$"""{"users": {"{{{name}}}": {"icon": "🍿"}}, "movies": []}"""));
        Assert.Contains("at most 40 characters", refused.Message);
        Assert.Equal(0, db.Count("users"));
    }
}
