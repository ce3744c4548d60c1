using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MovieNight.Migrations;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Trakt;
using MovieNight.Tests.Watched;
using MovieNight.Web.Trakt;

namespace MovieNight.Tests.Import;

/// <summary>The old app's movie-night.db in the running app: at first start, its Trakt links, its past weeks, and imports while it runs.</summary>
public sealed class OldSqliteAppTests
{
    [Fact]
    public async Task At_first_start_movie_night_db_is_imported_in_preference_to_data_json_and_the_report_says_so()
    {
        using var data = new TempDirectory();
        var key = OldAppDatabaseBuilder.NewKey();
        OldAppHousehold.Write(data.File("movie-night.db"), key);
        File.Copy(ImportDatabase.Sample("v2-household.json"), data.File("data.json"));
        using var app = new MovieNightApp(data).With("TRAKT_ENCRYPTION_KEY", Convert.ToHexString(key));

        var members = await app.Members.ListAsync(includeInactive: true);
        Assert.Equal(["Erik", "Timea", "Jázmin", "Niki"], members.Select(m => m.Name));
        var client = await app.SignedInClientAsync(members[0], "1234");
        var report = await client.GetPageAsync("/Admin/Import");
        Assert.Equal(["Import a file", "movie-night.db"], report.Document.QuerySelectorAll("section.card h2").Select(h => h.TextContent));
        Assert.Contains("not imported: movie-night.db was", report.Text);
        Assert.Equal("2", report.Document.QuerySelectorAll("section.card .counts div").Last().QuerySelector("dd")!.TextContent);
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM legacy_imports WHERE file_name = 'data.json'"));
        Assert.DoesNotContain(app.Logs, line => line.Contains(OldAppHousehold.ErikAccess) || line.Contains(OldAppHousehold.ErikRefresh));
    }

    [Fact]
    public async Task An_imported_trakt_link_reads_as_connected_without_linking_again()
    {
        var clock = new TestClock();
        await using var fake = await FakeTraktServer.StartAsync(clock);
        var erikAtTrakt = fake.AddUser("ErikWatches");
        var tokens = fake.IssueTokens(erikAtTrakt);
        using var data = new TempDirectory();
        var key = OldAppDatabaseBuilder.NewKey();
        var path = OldAppHousehold.Write(data.File("movie-night.db"), key);
        using (var old = new OldAppDatabaseBuilder(path, key))
            old.SaveTraktAuth("Erik", "ErikWatches", tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresAt);

        await using var house = await TraktHousehold.StartAsync(data: data, fake: fake, settings: ("TRAKT_ENCRYPTION_KEY", Convert.ToHexString(key)));

        var settings = await house.Get<TraktClient>().GetUserSettingsAsync(house.Admin.Id);
        Assert.True(settings.Succeeded, settings.Problem?.Message);
        var erik = await house.App.SignedInClientAsync(house.Admin, "1234");
        var status = await erik.GetFromJsonAsync<JsonElement>($"/api/trakt/status/{house.Admin.Id}");
        Assert.True(status.GetProperty("connected").GetBoolean());
        Assert.False(status.GetProperty("needsRelink").GetBoolean());
        Assert.Equal("ErikWatches", status.GetProperty("username").GetString());
        Assert.Equal(tokens.ExpiresAt, status.GetProperty("tokenExpiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_imported_past_week_shows_on_the_history_page_exactly_like_a_week_the_app_recorded()
    {
        using var data = new TempDirectory();
        var path = data.File("movie-night.db");
        using (var old = new OldAppDatabaseBuilder(path))
        {
            old.UpsertUser("Erik", "👨‍💼", "1234").UpsertUser("Timea", "👩", "5678").UpsertUser("Jázmin", "👧", "1111");
            var inception = old.AddNomination("2026-W02", 27205, "Inception", "Erik", posterPath: "/i.jpg");
            var arrival = old.AddNomination("2026-W02", 329865, "Arrival", "Timea", year: "2016", posterPath: "/a.jpg");
            old.AddNomination("2026-W02", 0, "Mystery Film", "Jázmin", year: "N/A", rating: 0, posterPath: null);
            old.AddVote("2026-W02", inception, "Timea");
            old.AddVote("2026-W02", arrival, "Erik");
            old.SaveWeekResults("2026-W02", 27205, "Inception", 329865, "Arrival");
            old.MarkWatched("Timea", 27205, "Inception", "2026-W02", rating: 4);
            old.Execute("UPDATE nominations SET overview = NULL, proposed_at = '2026-01-05 10:00:00'");
            old.Execute("UPDATE watch_history SET watched_at = '2026-01-09 20:00:00'");
        }
        using var imported = new MovieNightApp(data);
        imported.SaturdayEvening();

        using var recorded = new MovieNightApp();
        recorded.Clock.Set(imported.Clock.GetUtcNow());
        var erik = await recorded.CreateMemberAsync("Erik", pin: "1234", admin: true, icon: "👨‍💼");
        var timea = await recorded.CreateMemberAsync("Timea", pin: "5678", icon: "👩");
        var jazmin = await recorded.CreateMemberAsync("Jázmin", pin: "1111", icon: "👧");
        var week = WeekId.Parse("2026-W02");
        var first = await recorded.NominationAsync(week, erik, "Inception", 27205, "2010", "/i.jpg");
        var second = await recorded.NominationAsync(week, timea, "Arrival", 329865, "2016", "/a.jpg");
        var mystery = await recorded.NominationAsync(week, jazmin, "Mystery Film", null, null, null);
        await recorded.ScalarAsync<long>("UPDATE nominations SET rating = NULL WHERE id = @mystery RETURNING id", new { mystery });
        await recorded.VoteAsync(week, first, timea);
        await recorded.VoteAsync(week, second, erik);
        await recorded.ResultAsync(week, first, second);
        await recorded.WatchAsync(timea, first, rating: 8, at: new DateTimeOffset(2026, 1, 9, 20, 0, 0, TimeSpan.Zero));

        var members = await imported.Members.ListAsync(false);
        Assert.Equal([erik.Id, timea.Id, jazmin.Id], members.Select(m => m.Id));
        var importedWeek = await WeekHtmlAsync(imported, members[1]);
        var recordedWeek = await WeekHtmlAsync(recorded, timea);
        Assert.Equal(recordedWeek, importedWeek);
    }

    private static async Task<string> WeekHtmlAsync(MovieNightApp app, Web.Household.Member member)
    {
        var client = await app.SignedInClientAsync(member, "5678");
        var page = await client.GetPageAsync("/History?from=2026-W02");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        // Antiforgery tokens differ per app and request; everything else must match.
        foreach (var token in page.Document.QuerySelectorAll("input[name=__RequestVerificationToken]")) token.SetAttribute("value", "");
        return page.Document.QuerySelector("#week-2026-W02")!.OuterHtml;
    }

    [Fact]
    public async Task A_cli_import_into_a_running_apps_database_shows_without_a_restart()
    {
        using var app = new MovieNightApp();
        Assert.False(await app.Members.AnyAsync());
        var path = OldAppHousehold.Write(app.Data.File("movie-night-old.db"), null);

        var exit = Cli.Run(["import-sqlite", path, "--db", app.Data.File("movienight.db")], new StringWriter(), new StringWriter(), app.Clock, null);

        Assert.Equal(0, exit);
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(15);
        while (!await app.Members.AnyAsync() && TimeProvider.System.GetUtcNow() < deadline) await Task.Delay(100);
        var members = await app.Members.ListAsync(includeInactive: true);
        Assert.Equal(["Erik", "Timea", "Jázmin", "Niki"], members.Select(m => m.Name));
        var picker = await app.NewClient().GetPageAsync("/");
        Assert.Contains("Jázmin", picker.Text);
    }

    [Theory]
    [InlineData("movie-night.db")]
    [InlineData("data.json")]
    public async Task The_admin_import_page_accepts_either_file_and_the_household_shows_at_once(string kind)
    {
        using var app = new MovieNightApp();
        var admin = await app.CreateMemberAsync("Ádám", pin: "2468", admin: true);
        var client = await app.SignedInClientAsync(admin, "2468");
        var file = kind == "data.json" ? ImportDatabase.Sample("v2-household.json") : OldAppHousehold.Write(app.Data.File("upload.db"), null);
        Assert.Single(await app.Members.ListAsync(false)); // read, so the member list is in memory

        var page = await UploadAsync(client, file, kind);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"Imported {kind}.", page.Text);
        Assert.DoesNotContain("Nothing was imported", page.Text);
        Assert.Equal(5, (await app.Members.ListAsync(false)).Count);
        Assert.Contains("Timea", (await client.GetPageAsync("/Admin/Members")).Text);
    }

    [Fact]
    public async Task The_admin_import_page_refuses_a_damaged_file_and_imports_nothing()
    {
        using var app = new MovieNightApp();
        var admin = await app.CreateMemberAsync("Ádám", pin: "2468", admin: true);
        var client = await app.SignedInClientAsync(admin, "2468");
        var path = app.Data.File("broken.db");
        await File.WriteAllBytesAsync(path, [.. "SQLite format 3\0"u8.ToArray(), .. new byte[100]]);

        var page = await UploadAsync(client, path, "movie-night.db");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Nothing was imported", page.Text);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    private static async Task<Forms.Page> UploadAsync(HttpClient client, string path, string fileName)
    {
        var form = await client.GetPageAsync("/Admin/Import");
        var token = form.Document.QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(path)), "file", fileName },
        };
        var response = await client.PostAsync("/Admin/Import", content);
        return new Forms.Page(response, new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }
}
