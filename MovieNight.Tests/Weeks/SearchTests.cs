using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Migrations;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

/// <summary>The week's search through real HTTP, against the fake TMDB: what it lists, and what a nomination from it keeps.</summary>
public sealed class SearchTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
    private readonly MovieNightApp app = new();
    private FakeTmdbServer? tmdb;

    public Task InitializeAsync()
    {
        app.Clock.Set(TestClock.Next(DayOfWeek.Monday, 10, Budapest));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        app.Dispose();
        if (tmdb is not null) await tmdb.DisposeAsync();
    }

    private async Task UseTmdbAsync()
    {
        tmdb = await FakeTmdbServer.StartAsync();
        // No retries: a failing details call fails at once.
        app.With("Tmdb:ApiBaseUrl", tmdb.BaseUrl).With("TMDB_API_KEY", FakeTmdbServer.ApiKey).With("Tmdb:MaxRetries", "0");
    }

    private async Task<(Member Erik, HttpClient ErikClient, HttpClient TimeaClient)> TwoMembersAsync()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "🧔");
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        return (erik, await app.SignedInClientAsync(erik, "4821"), await app.SignedInClientAsync(timea, "1357"));
    }

    /// <summary>A nomination of an earlier week, straight into the database.</summary>
    private async Task NominatedBeforeAsync(Member member, string title, string year, long? tmdbId = null)
    {
        await using var connection = app.Db.OpenConnection();
        await connection.ExecuteAsync("""
            INSERT INTO nominations (week, tmdb_id, title, year, proposed_by, proposed_at)
            VALUES ('2024-W10', @tmdbId, @title, @year, @id, @at)
            """, new { tmdbId, title, year, id = member.Id, at = SqliteTime.ToText(app.Clock.GetUtcNow().AddDays(-700)) });
    }

    private static async Task<Forms.Page> SearchAsync(HttpClient client, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/Week?handler=Search&q={Uri.EscapeDataString(query)}");
        request.Headers.Add("HX-Request", "true");
        var response = await client.SendAsync(request);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return new Forms.Page(response, document);
    }

    [Fact]
    public async Task Search_without_TMDB_finds_earlier_nominations_ignoring_case_and_accents()
    {
        var (erik, client, _) = await TwoMembersAsync();
        await NominatedBeforeAsync(erik, "Amélie", "2001");
        await NominatedBeforeAsync(erik, "The Thing", "1982");

        var found = await SearchAsync(client, "AMELIE");
        Assert.Contains("From earlier weeks", found.Text);
        Assert.Contains("Amélie", found.Text);
        Assert.DoesNotContain("The Thing", found.Text);
        // And the other way round: an accent typed finds a title stored without one.
        Assert.Contains("The Thing", (await SearchAsync(client, "thé thing")).Text);

        var known = await app.Services.GetRequiredService<KnownMovies>().SearchAsync("MÉL");
        Assert.Equal("Amélie", Assert.Single(known).Title);
    }

    [Fact]
    public async Task A_movie_TMDB_also_found_is_listed_once_under_TMDB_with_who_has_seen_it()
    {
        await UseTmdbAsync();
        var (erik, client, _) = await TwoMembersAsync();
        await NominatedBeforeAsync(erik, "Inception", "2010", tmdbId: 27205);
        await using (var connection = app.Db.OpenConnection())
            await connection.ExecuteAsync("INSERT INTO watch_history (user_id, tmdb_id, watched_at) VALUES (@id, 27205, @at)",
                new { id = erik.Id, at = SqliteTime.ToText(app.Clock.GetUtcNow().AddDays(-10)) });

        await NominatedBeforeAsync(erik, "coco", "2017"); // by title, without TMDB

        var found = await SearchAsync(client, "incep");
        Assert.Contains("From TMDB", found.Text);
        Assert.DoesNotContain("From earlier weeks", found.Text);
        var row = Assert.Single(found.Document.QuerySelectorAll(".search-result"));
        Assert.Contains("Inception", row.TextContent);
        // Screen readers hear one line, not the list: how many, and what Enter nominates.
        Assert.Equal("1 movie found. Enter nominates Inception (2010).", found.Document.QuerySelector("#search-status[hx-swap-oob]")!.TextContent);
        Assert.Contains("Erik", row.QuerySelector(".seen-by")!.TextContent);
        var coco = await SearchAsync(client, "COCO");
        Assert.DoesNotContain("From earlier weeks", coco.Text);
        Assert.Single(coco.Document.QuerySelectorAll(".search-result"));
    }

    [Fact]
    public async Task A_movie_nominated_this_week_says_who_nominated_it_instead_of_offering_Nominate()
    {
        await UseTmdbAsync();
        var (_, erik, timea) = await TwoMembersAsync();
        var week = await erik.GetPageAsync("/Week");
        var posted = await erik.SubmitAsync(week, week.Form("form[action*='handler=Nominate']"),
            new Dictionary<string, string> { ["tmdbId"] = "354912", ["title"] = "Coco", ["year"] = "2017" });
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);

        var found = await SearchAsync(timea, "coco");
        var row = Assert.Single(found.Document.QuerySelectorAll(".search-result"), r => r.TextContent.Contains("Coco"));
        Assert.Contains("Already nominated by 🧔 Erik", row.TextContent.Replace("\n", " "));
        Assert.Null(row.QuerySelector("form[action*='handler=Nominate']"));
    }

    [Fact]
    public async Task A_search_sent_without_script_shows_the_week_page_with_the_results_not_a_bare_fragment()
    {
        await UseTmdbAsync();
        var (_, erik, _) = await TwoMembersAsync();
        var page = await erik.GetPageAsync("/Week?handler=Search&q=incep");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("h1"));
        Assert.Equal("incep", ((IHtmlInputElement)page.Document.QuerySelector("#movie-search")!).Value);
        Assert.Contains("Inception", page.Document.QuerySelector("#search-results")!.TextContent);

        // Nominating from those results works without script too, and lands back on the week.
        var nominated = await erik.SubmitAsync(page, page.Form("#search-results form[action*='handler=Nominate']"));
        Assert.Equal(HttpStatusCode.Redirect, nominated.Status);
        Assert.Contains("“Inception” is nominated.", (await erik.GetPageAsync(nominated.Response.Headers.Location!.OriginalString)).Text);
    }

    [Fact]
    public async Task A_search_problem_ends_its_sentences()
    {
        await UseTmdbAsync();
        var (_, erik, _) = await TwoMembersAsync();
        tmdb!.ServeHtmlErrorNext(10, 503);
        var found = await SearchAsync(erik, "matrix");
        Assert.Contains("TMDB is not answering right now; try again in a minute. You can still nominate by title and year.",
            found.Document.QuerySelector("[role=alert]")!.TextContent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_nomination_made_while_TMDBs_details_fail_keeps_the_search_rows_poster_rating_and_overview_and_the_job_fills_in_the_rest(bool knownByTitle)
    {
        await UseTmdbAsync();
        if (knownByTitle)
        {
            // A Trakt sync or "I watched this" left the movie known by its title only: that is not TMDB's details.
            await using var connection = app.Db.OpenConnection();
            await using var transaction = connection.BeginTransaction();
            await MovieNight.Web.Tmdb.MovieCache.RememberTitleAsync(connection, transaction, 27205, "Inception", 2010);
            transaction.Commit();
        }
        var (_, erik, _) = await TwoMembersAsync();
        tmdb!.FailDetails = true;
        var found = await SearchAsync(erik, "incep");
        var week = await erik.GetPageAsync("/Week");
        // The fragment's form, posted with the page's antiforgery token as htmx would have it in the page.
        var posted = await erik.SubmitAsync(week, found.Form("form[action*='handler=Nominate']"));
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);

        var card = (await erik.GetPageAsync("/Week")).Document.QuerySelector("#nominations .movie-card")!;
        Assert.EndsWith("/w185/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg", card.QuerySelector("img.poster")!.GetAttribute("src"));
        Assert.Contains("★ 8.4", card.TextContent);
        Assert.Contains("A thief who steals secrets", card.TextContent);
        Assert.Null(card.QuerySelector(".imdb-link"));

        // While TMDB still fails, the one-off run asks Hangfire to try again later (it throws) and the sweep fills nothing.
        var job = app.Services.GetRequiredService<NominationDetailsJob>();
        long nominationId;
        await using (var connection = app.Db.OpenConnection())
            nominationId = await connection.ExecuteScalarAsync<long>("SELECT id FROM nominations");
        await Assert.ThrowsAsync<TmdbUnavailableException>(() => job.FillAsync(nominationId));
        Assert.Equal(0, await job.SweepAsync());

        tmdb.FailDetails = false;
        Assert.Equal(1, await job.SweepAsync());
        Assert.Equal(0, await job.SweepAsync()); // nothing waits any more
        await job.FillAsync(nominationId);

        var filled = (await erik.GetPageAsync("/Week")).Document.QuerySelector("#nominations .movie-card")!;
        Assert.Equal("https://www.imdb.com/title/tt1375666/", filled.QuerySelector("a.imdb-link")!.GetAttribute("href"));
        Assert.Contains("2 h 28 min", filled.QuerySelector(".runtime")!.TextContent);
        Assert.Contains("2 hours 28 minutes", filled.QuerySelector(".runtime")!.TextContent);
        await using var after = app.Db.OpenConnection();
        Assert.Equal(("/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg", "tt1375666"),
            await after.QuerySingleAsync<(string, string)>("SELECT poster_path, imdb_id FROM nominations"));
    }

    [Fact]
    public async Task A_search_rows_poster_path_that_is_not_TMDBs_is_not_stored()
    {
        await UseTmdbAsync();
        var (_, erik, _) = await TwoMembersAsync();
        tmdb!.FailDetails = true;
        var week = await erik.GetPageAsync("/Week");
        var posted = await erik.SubmitAsync(week, week.Form("form[action*='handler=Nominate']"), new Dictionary<string, string>
        {
            ["tmdbId"] = "27205", ["title"] = "Inception", ["year"] = "2010", ["posterPath"] = "//evil.example/x.jpg", ["rating"] = "99",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        await using var connection = app.Db.OpenConnection();
        Assert.Equal(((string?)null, (double?)null), await connection.QuerySingleAsync<(string?, double?)>("SELECT poster_path, rating FROM nominations"));
    }
}
