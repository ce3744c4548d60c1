using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

/// <summary>The title-and-year form: a refusal keeps what was typed, says why at the field, and a reload posts nothing.</summary>
public sealed class NominationFormTests : IDisposable
{
    private static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
    private readonly MovieNightApp app = new();

    public NominationFormTests() => app.Clock.Set(TestClock.Next(DayOfWeek.Monday, 10, Budapest));

    public void Dispose() => app.Dispose();

    private static async Task<Forms.Page> PostTitleAsync(HttpClient client, string title, string year)
    {
        var week = await client.GetPageAsync("/Week");
        return await client.SubmitAsync(week, week.Form(".manual-nomination form"), new Dictionary<string, string> { ["title"] = title, ["year"] = year });
    }

    [Fact]
    public async Task A_duplicate_is_refused_at_the_title_field_keeping_what_was_typed_and_a_reload_posts_nothing()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var erikClient = await app.SignedInClientAsync(erik, "4821");
        var timeaClient = await app.SignedInClientAsync(timea, "1357");
        Assert.Equal(HttpStatusCode.Redirect, (await PostTitleAsync(erikClient, "Coco", "2017")).Status);

        var refused = await PostTitleAsync(timeaClient, "coco ", "2017");
        // Post/redirect/get: the refusal answers with a redirect, so a reload repeats the GET, not the post.
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.Equal("/Week#manual-title", refused.Response.Headers.Location!.OriginalString);

        var page = await timeaClient.GetPageAsync("/Week");
        Assert.NotNull(page.Document.QuerySelector("details.manual-nomination[open]"));
        var title = (IHtmlInputElement)page.Document.QuerySelector("#manual-title")!;
        Assert.Equal("coco ", title.Value);
        Assert.Equal("true", title.GetAttribute("aria-invalid"));
        Assert.Equal("manual-title-error", title.GetAttribute("aria-describedby"));
        Assert.Equal("“Coco” is already nominated by Erik.", page.Document.QuerySelector("#manual-title-error")!.TextContent);
        Assert.Equal("2017", ((IHtmlInputElement)page.Document.QuerySelector("#manual-year")!).Value);

        // Shown once: the next view is a fresh form.
        var reloaded = await timeaClient.GetPageAsync("/Week");
        Assert.Null(reloaded.Document.QuerySelector("#manual-title-error"));
        Assert.Equal("", ((IHtmlInputElement)reloaded.Document.QuerySelector("#manual-title")!).Value);
        await using var connection = app.Db.OpenConnection();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM nominations"));
    }

    [Fact]
    public async Task A_year_outside_1870_to_two_years_ahead_is_refused_at_the_year_field()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        await app.CreateMemberAsync("Timea", pin: "1357");
        var client = await app.SignedInClientAsync(erik, "4821");
        var latest = app.Clock.GetUtcNow().Year + 2;

        foreach (var year in new[] { "1869", (latest + 1).ToString() })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await PostTitleAsync(client, "Too far", year)).Status);
            var page = await client.GetPageAsync("/Week");
            var field = (IHtmlInputElement)page.Document.QuerySelector("#manual-year")!;
            Assert.Equal(year, field.Value);
            Assert.Equal("true", field.GetAttribute("aria-invalid"));
            Assert.Contains("manual-year-error", field.GetAttribute("aria-describedby"));
            Assert.Equal($"A year is between 1870 and {latest}.", page.Document.QuerySelector("#manual-year-error")!.TextContent);
            Assert.Equal("Too far", ((IHtmlInputElement)page.Document.QuerySelector("#manual-title")!).Value);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostTitleAsync(client, "Announced", latest.ToString())).Status);
        Assert.Contains("“Announced” is nominated.", (await client.GetPageAsync("/Week")).Text);
    }

    [Fact]
    public async Task A_refused_search_result_returns_to_the_search_with_the_message_at_the_search_field()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        Assert.Equal(HttpStatusCode.Redirect, (await PostTitleAsync(await app.SignedInClientAsync(erik, "4821"), "Coco", "2017")).Status);
        var client = await app.SignedInClientAsync(timea, "1357");

        // A result row from a page that was open before Erik nominated it.
        var week = await client.GetPageAsync("/Week");
        var refused = await client.SubmitAsync(week, week.Form(".manual-nomination form"), new Dictionary<string, string>
        {
            ["tmdbId"] = "354912", ["title"] = "Coco", ["year"] = "2017", ["q"] = "coc",
        });
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.Equal("/Week?q=coc&handler=Search#movie-search", refused.Response.Headers.Location!.OriginalString);

        var page = await client.GetPageAsync(refused.Response.Headers.Location.OriginalString);
        var search = (IHtmlInputElement)page.Document.QuerySelector("#movie-search")!;
        Assert.Equal("coc", search.Value);
        Assert.Equal("true", search.GetAttribute("aria-invalid"));
        Assert.Contains("search-error", search.GetAttribute("aria-describedby"));
        Assert.Equal("“Coco” is already nominated by Erik.", page.Document.QuerySelector("#search-error")!.TextContent);
        Assert.Contains("Already nominated by", page.Document.QuerySelector("#search-results")!.TextContent);
        Assert.Null(page.Document.QuerySelector("#manual-title[aria-invalid]"));
    }

    [Fact]
    public async Task The_nomination_book_takes_years_from_1870_to_two_years_ahead()
    {
        using var game = new WeekGame(WeekGame.Local(2026, 3, 3));
        var timea = await game.MemberAsync("Timea");
        await game.MemberAsync("Erik");
        var early = await game.Nominations.NominateAsync(timea.Id, new MovieChoice("Roundhay Garden Scene", "1869"));
        Assert.Equal(new Refusal(RefusalReason.Invalid, "A year is between 1870 and 2028.") { Field = "year" }, early.Refusal);
        Assert.Equal("year", (await game.Nominations.NominateAsync(timea.Id, new MovieChoice("Later", "2029"))).Refusal?.Field);
        Assert.True((await game.Nominations.NominateAsync(timea.Id, new MovieChoice("Announced", "2028"))).Succeeded);
    }
}
