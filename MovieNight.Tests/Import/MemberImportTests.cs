using System.Text;
using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Tests.Import;

/// <summary>Members: names and icons byte for byte, PIN rules, existing members, the first admin.</summary>
public sealed class MemberImportTests
{
    [Fact]
    public void Names_and_icons_with_emoji_zwj_flags_quotes_and_angle_brackets_round_trip_byte_for_byte()
    {
        string[] names = ["Jázmin", "Zoë \"Zsu\" O'Neil", "<script>alert(1)</script>", "👩‍👩‍👧‍👦 Family", "🇭🇺 Bence & co", "Ｎｉｋｉ"];
        // Icons within the profile form's limit (one emoji or symbol), angle bracket and quote included.
        string[] icons = ["👩🏽‍🚀", "🏳️‍🌈", "🇭🇺", "<", "\"", "❤️‍🔥"];
        using var db = new ImportDatabase();
        var users = string.Join(", ", names.Select((n, i) => $"{Json(n)}: {{\"icon\": {Json(icons[i])}}}"));
        var votes = string.Join(", ", names.Skip(1).Select(n => $"{Json(n)}: true"));

        db.ImportJson($$"""
            {"users": { {{users}} },
             "currentWeek": {"weekNumber": "2026-W04",
               "nominations": [{"id": "1", "tmdbId": 603, "title": "<i>The Matrix</i> \"1999\"", "proposedBy": {{Json(names[3])}}}],
               "votes": {"1": { {{votes}} } } } }
            """);

        var stored = db.Query<(string Name, string Icon)>("SELECT name, icon FROM users ORDER BY id");
        Assert.Equal(names.Zip(icons), stored);
        Assert.Equal(names.Select(Encoding.UTF8.GetBytes), stored.Select(s => Encoding.UTF8.GetBytes(s.Name)));
        Assert.Equal(names[3], db.Scalar<string>("SELECT u.name FROM nominations n JOIN users u ON u.id = n.proposed_by"));
        Assert.Equal("<i>The Matrix</i> \"1999\"", db.Scalar<string>("SELECT title FROM nominations"));
        Assert.Equal(names.Length - 1, db.Count("votes"));
    }

    [Fact]
    public void Names_written_with_json_escapes_are_the_same_names()
    {
        using var db = new ImportDatabase();

        db.ImportJson("""{"users": {"J\u00e1zmin": {"icon": "\ud83d\udc67"}}, "movies": []}""");

        Assert.Equal([("Jázmin", "👧")], db.Query<(string, string)>("SELECT name, icon FROM users"));
    }

    [Theory]
    [InlineData("\"12\"")]
    [InlineData("\"123456789\"")]
    [InlineData("\"12a4\"")]
    [InlineData("\" 1234\"")]
    [InlineData("\"١٢٣٤\"")] // Arabic-Indic digits: not what the PIN pad sends
    [InlineData("\"\"")]
    public void A_pin_that_is_not_four_to_eight_digits_imports_the_member_without_one_and_says_so(string pin)
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson($$"""{"users": {"Erik": {"icon": "👨‍💼", "pin": {{pin}} } } }""");

        Assert.Equal(1, report.Members);
        Assert.Null(db.Scalar<string?>("SELECT pin FROM users WHERE name = 'Erik'"));
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("$.users.Erik.pin", skipped.JsonPath);
        if (pin.Trim('"').Length > 0) Assert.DoesNotContain(pin.Trim('"'), skipped.Reason); // the report never shows a PIN
    }

    [Theory]
    [InlineData("\"1234\"")]
    [InlineData("\"12345678\"")]
    [InlineData("\"0007\"")]
    public void A_pin_of_four_to_eight_digits_is_stored_hashed(string pin)
    {
        using var db = new ImportDatabase();

        db.ImportJson($$"""{"users": {"Erik": {"pin": {{pin}} } } }""");

        var hash = db.Scalar<string>("SELECT pin FROM users");
        Assert.NotEqual(pin.Trim('"'), hash);
        Assert.True(PinHasher.Verify(hash, pin.Trim('"')));
    }

    [Fact]
    public void Members_without_a_pin_key_or_with_a_null_pin_have_no_pin()
    {
        using var db = new ImportDatabase();

        db.ImportJson("""{"users": {"Erik": {"icon": "👨‍💼"}, "Timea": {"pin": null}}}""");

        Assert.Equal(0, db.Scalar<long>("SELECT count(*) FROM users WHERE pin IS NOT NULL"));
        Assert.Equal(2, db.Count("users"));
    }

    [Fact]
    public void A_member_already_in_the_database_is_reused_with_their_icon_and_pin_kept()
    {
        using var db = new ImportDatabase();
        db.Execute("INSERT INTO users (name, icon, pin, is_admin) VALUES ('Timea', '🌸', @Pin, 1)", new { Pin = PinHasher.Hash("9999") });

        var report = db.ImportSample("v2-household.json");

        Assert.Equal(3, report.Members);
        Assert.Null(report.AdminName); // Timea already administers the household
        var timea = db.Query<(long Id, string Icon, string Pin, long Admin)>("SELECT id, icon, pin, is_admin FROM users WHERE name = 'Timea'").Single();
        Assert.Equal(("🌸", 1L), (timea.Icon, timea.Admin));
        Assert.True(PinHasher.Verify(timea.Pin, "9999"));
        Assert.Equal(4, db.Count("users"));
        Assert.Equal(0, db.Scalar<long>("SELECT count(*) FROM users WHERE is_admin = 1 AND name <> 'Timea'"));
        Assert.Equal(6, db.Scalar<long>("SELECT count(*) FROM watch_history WHERE user_id = @Id", new { timea.Id }));
        Assert.Contains(report.Skipped, s => s.JsonPath == "$.users.Timea" && s.Reason.Contains("already exists"));
    }

    [Fact]
    public void With_no_admin_in_the_database_the_files_first_member_becomes_admin_even_if_they_already_existed()
    {
        using var db = new ImportDatabase();
        db.Execute("INSERT INTO users (name, icon, is_admin) VALUES ('Erik', '🎬', 0)");

        var report = db.ImportSample("v2-household.json");

        Assert.Equal("Erik", report.AdminName);
        Assert.Equal(["Erik"], db.Query<string>("SELECT name FROM users WHERE is_admin = 1"));
        Assert.Equal("🎬", db.Scalar<string>("SELECT icon FROM users WHERE name = 'Erik'"));
    }

    [Fact]
    public void v1_members_come_from_proposers_and_voters_in_order_of_first_appearance()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson("""
            {"movies": [
              {"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Niki", "proposedAt": "2026-02-01T18:30:00.000Z",
               "votes": {"Timea": true, "Niki": false}, "watched": false},
              {"id": "2", "tmdbId": 13, "title": "Forrest Gump", "proposedBy": "Jázmin", "proposedAt": "2026-02-01T18:31:00.000Z",
               "votes": {"Erik": false}}]}
            """);

        Assert.Equal(["Niki", "Timea", "Jázmin", "Erik"], db.Query<string>("SELECT name FROM users ORDER BY id"));
        Assert.Equal("Niki", report.AdminName);
    }

    [Fact]
    public void v1_file_with_a_users_section_takes_icons_and_pins_from_it()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson("""
            {"users": {"Erik": {"icon": "👨‍💼", "pin": "4821"}, "Timea": {"icon": "👩‍🦰", "pin": null}},
             "movies": [{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Timea", "proposedAt": "2026-02-01T18:30:00.000Z",
                         "votes": {"Erik": true, "Timea": false}, "watched": true}]}
            """);

        Assert.Equal([("Erik", "👨‍💼"), ("Timea", "👩‍🦰")], db.Query<(string, string)>("SELECT name, icon FROM users ORDER BY id"));
        Assert.Equal("Erik", report.AdminName);
        Assert.Equal((1, 1, 1), (report.Nominations, report.Votes, report.WeekHistoryRows));
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
