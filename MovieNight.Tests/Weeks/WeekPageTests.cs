using System.Net;
using Dapper;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

/// <summary>The week page through real HTTP: forms with antiforgery tokens, htmx fragments, the output cache.</summary>
public sealed class WeekPageTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
    private readonly MovieNightApp app = new();
    private FakeTmdbServer? tmdb;

    public Task InitializeAsync()
    {
        // Monday morning of a coming week: nominations are open.
        app.Clock.Set(TestClock.Next(DayOfWeek.Monday, 10, Budapest));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        app.Dispose();
        if (tmdb is not null) await tmdb.DisposeAsync();
    }

    private async Task<(Member Erik, Member Timea, HttpClient ErikClient, HttpClient TimeaClient)> TwoMembersAsync()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        return (erik, timea, await app.SignedInClientAsync(erik, "4821"), await app.SignedInClientAsync(timea, "1357"));
    }

    private static async Task<Forms.Page> NominateByTitleAsync(HttpClient client, string title, string year = "")
    {
        var week = await client.GetPageAsync("/Week");
        var posted = await client.SubmitAsync(week, week.Form("form[action*='handler=Nominate']"),
            new Dictionary<string, string> { ["title"] = title, ["year"] = year });
        return posted.Status == HttpStatusCode.Redirect
            ? await client.GetPageAsync(posted.Response.Headers.Location!.OriginalString)
            : posted;
    }

    /// <summary>The name of the stepper's current step (aria-current="step").</summary>
    private static string CurrentStep(Forms.Page page) =>
        Assert.Single(page.Document.QuerySelectorAll(".week-steps [aria-current=step] .step-name")).TextContent.Trim();

    [Fact]
    public async Task The_week_page_is_for_signed_in_members()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().GetAsync("/Week")).StatusCode);
    }

    [Fact]
    public async Task Without_TMDB_a_member_nominates_by_title_and_year_and_the_page_says_what_to_configure()
    {
        var (_, _, erik, _) = await TwoMembersAsync();
        var week = await erik.GetPageAsync("/Week");
        Assert.Equal("Nominate", CurrentStep(week));
        Assert.Contains("TMDB_API_KEY or TMDB_READ_TOKEN", week.Text);

        var after = await NominateByTitleAsync(erik, "Paddington 2", "2017");
        Assert.Contains("“Paddington 2” is nominated.", after.Text);
        var card = after.Document.QuerySelector("#nominations .movie-card")!;
        Assert.Contains("Paddington 2", card.TextContent);
        Assert.Contains("(2017)", card.TextContent);
        Assert.NotNull(card.QuerySelector(".poster-placeholder"));
        Assert.Contains("Nominated by", card.TextContent);
    }

    [Fact]
    public async Task The_same_movie_twice_is_refused_naming_who_nominated_it_and_nothing_changes()
    {
        var (_, _, erik, timea) = await TwoMembersAsync();
        await NominateByTitleAsync(erik, "Coco", "2017");
        // Refused at the title field after a redirect (NominationFormTests has the details).
        var refused = await NominateByTitleAsync(timea, "coco", "2017");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("“Coco” is already nominated by Erik.", refused.Document.QuerySelector("#manual-title-error")!.TextContent);
        await using var connection = app.Db.OpenConnection();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM nominations"));
    }

    [Fact]
    public async Task A_member_withdraws_their_own_nomination()
    {
        var (_, _, erik, _) = await TwoMembersAsync();
        var page = await NominateByTitleAsync(erik, "Up", "2009");
        var withdrawn = await erik.SubmitAsync(page, page.Form("form[action*='handler=Withdraw']"));
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.Status);
        var after = await erik.GetPageAsync(withdrawn.Response.Headers.Location!.OriginalString);
        Assert.Contains("Your nomination is withdrawn.", after.Text);
        Assert.Contains("No nominations yet", after.Text);
    }

    [Fact]
    public async Task A_writes_notice_shows_once_and_a_link_cannot_put_words_on_the_page()
    {
        var (_, _, erik, _) = await TwoMembersAsync();
        var nominated = await NominateByTitleAsync(erik, "Up", "2009");
        Assert.Contains("“Up” is nominated.", nominated.Text);
        Assert.DoesNotContain("notice", nominated.Url.Query);

        // Shown once: the next view of the page (from the cache or not) no longer says it.
        Assert.DoesNotContain("is nominated.", (await erik.GetPageAsync("/Week")).Text);
        Assert.DoesNotContain("is nominated.", (await erik.GetPageAsync("/Week")).Text);

        var spoofed = await erik.GetPageAsync("/Week?notice=Your+PIN+has+expired.+Call+Bob.");
        Assert.Equal(HttpStatusCode.OK, spoofed.Status);
        Assert.DoesNotContain("Call Bob", spoofed.Text);
    }

    [Fact]
    public async Task Voting_opens_when_everyone_nominated_and_htmx_toggles_update_votes_left_and_the_tally()
    {
        var (_, _, erik, timea) = await TwoMembersAsync();
        await NominateByTitleAsync(erik, "Coco", "2017");
        var opened = await NominateByTitleAsync(timea, "Up", "2009");
        Assert.Contains("Everyone has nominated, so voting is open!", opened.Text);

        var page = await timea.GetPageAsync("/Week");
        Assert.Contains("You have 2 of 2 votes left.", page.Text);
        // Timea cannot vote for her own nomination: only Coco has a vote button.
        var voteForm = Assert.Single(page.Document.QuerySelectorAll("form[action*='handler=Vote']"));
        var fragment = await timea.SubmitAsync(page, (AngleSharp.Html.Dom.IHtmlFormElement)voteForm,
            headers: new Dictionary<string, string> { ["HX-Request"] = "true" });
        Assert.Equal(HttpStatusCode.OK, fragment.Status);
        var html = await fragment.Response.Content.ReadAsStringAsync();
        // Only what changed comes back: this nomination's control, and the votes left out of band.
        Assert.StartsWith("<div class=\"vote-control\"", html.Trim());
        Assert.Contains("id=\"votes-left\"", html);
        // The votes left are a live region: its content is swapped, so screen readers read the new count.
        Assert.Contains("hx-swap-oob=\"innerHTML\"", html);
        Assert.Contains("<strong>1</strong> vote", html);
        Assert.Contains("You have 1 of 2 votes left.", fragment.Text);
        Assert.Contains("Vote saved.", fragment.Text);
        Assert.Contains("Voted ✓", fragment.Text);

        // htmx sends the page's token in a header, as site.js does; the swapped-in form carries a field too, so a tap
        // that beats htmx's wiring of the new button still posts as a plain form.
        Assert.Contains("__RequestVerificationToken", html);
        var pageToken = page.Document.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var takenBack = await timea.SubmitAsync(fragment, fragment.Form("form[action*='handler=Vote']"),
            headers: new Dictionary<string, string> { ["HX-Request"] = "true", ["RequestVerificationToken"] = pageToken });
        Assert.Equal(HttpStatusCode.OK, takenBack.Status);
        Assert.Contains("Vote taken back.", takenBack.Text);
        Assert.Contains("You have 2 of 2 votes left.", takenBack.Text);
        // Without the header (or a field) the post is refused and changes nothing.
        var bare = fragment.Form("form[action*='handler=Vote']");
        bare.QuerySelector("input[name=__RequestVerificationToken]")!.Remove();
        var forged = await timea.SubmitAsync(fragment, bare, headers: new Dictionary<string, string> { ["HX-Request"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("You have 2 of 2 votes left.", (await timea.GetPageAsync("/Week")).Text);
    }

    [Fact]
    public async Task The_cached_week_page_never_shows_a_stale_tally_after_a_vote_is_acknowledged()
    {
        var (_, _, erik, timea) = await TwoMembersAsync();
        await NominateByTitleAsync(erik, "Coco", "2017");
        await NominateByTitleAsync(timea, "Up", "2009");

        var first = await erik.GetPageAsync("/Week");
        var again = await erik.GetAsync("/Week");
        Assert.True(again.Headers.Age is not null, "the second GET should come from the output cache");
        Assert.Contains("<strong>0</strong> votes", (await again.Content.ReadAsStringAsync()).Replace("\n", " "));

        var timeaPage = await timea.GetPageAsync("/Week");
        var voted = await timea.SubmitAsync(timeaPage, timeaPage.Form("form[action*='handler=Vote']"));
        Assert.Equal(HttpStatusCode.Redirect, voted.Status);

        var after = await erik.GetPageAsync("/Week");
        var coco = after.Document.QuerySelectorAll("#nominations li").Single(li => li.TextContent.Contains("Coco"));
        Assert.Contains("1 vote", coco.QuerySelector(".tally")!.TextContent);
        Assert.NotNull(first);
    }

    [Fact]
    public async Task A_week_closed_in_the_background_is_shown_closed_at_once_though_the_page_was_cached()
    {
        var (_, _, erik, timea) = await TwoMembersAsync();
        await NominateByTitleAsync(erik, "Coco", "2017");
        await NominateByTitleAsync(timea, "Up", "2009");
        await erik.GetAsync("/Week");
        Assert.NotNull((await erik.GetAsync("/Week")).Headers.Age);

        // As the deadline job does: the closer, not a page, closes the week.
        var state = await app.Services.GetRequiredService<WeekStore>().CurrentAsync();
        await app.Services.GetRequiredService<WeekCloser>().CloseAsync(state.Week, ClosedBy.Deadline);

        Assert.Contains("The results are in.", (await erik.GetPageAsync("/Week")).Text);
    }

    [Fact]
    public async Task Nominating_during_voting_is_refused_with_a_clear_message()
    {
        var (_, _, erik, _) = await TwoMembersAsync();
        var week = await erik.GetPageAsync("/Week");
        var opened = await erik.SubmitAsync(week, week.Form("form[action*='handler=OpenVoting']"));
        Assert.Equal(HttpStatusCode.Redirect, opened.Status);

        // The old form, posted after voting opened.
        var refused = await erik.SubmitAsync(week, week.Form("form[action*='handler=Nominate']"),
            new Dictionary<string, string> { ["title"] = "Late entry" });
        Assert.Contains("Voting has started, so nominations are closed until next week.", refused.Text);
    }

    [Fact]
    public async Task Only_an_admin_sees_and_may_use_open_voting()
    {
        var (_, _, erik, timea) = await TwoMembersAsync();
        var timeaWeek = await timea.GetPageAsync("/Week");
        Assert.Null(timeaWeek.Document.QuerySelector("form[action*='handler=OpenVoting']"));

        // Posting the admin's form anyway, with Timea's own antiforgery token.
        var token = timeaWeek.Document.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var response = await timea.PostAsync("/Week?handler=OpenVoting",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Contains("Only an admin can open voting.", await response.Content.ReadAsStringAsync());
        Assert.Equal("Nominate", CurrentStep(await erik.GetPageAsync("/Week")));
    }

    [Fact]
    public async Task Closing_the_week_shows_first_and_second_place_and_the_rule_that_decided()
    {
        var (_, timeaMember, erik, timea) = await TwoMembersAsync();
        var niki = await app.CreateMemberAsync("Niki", pin: "2468");
        var nikiClient = await app.SignedInClientAsync(niki, "2468");
        await NominateByTitleAsync(erik, "Coco", "2017");
        await NominateByTitleAsync(timea, "Up", "2009");
        await NominateByTitleAsync(nikiClient, "Soul", "2020");

        foreach (var (client, pick) in new[] { (timea, "Coco"), (nikiClient, "Coco"), (erik, "Up") })
        {
            var page = await client.GetPageAsync("/Week");
            var item = page.Document.QuerySelectorAll("#nominations li").Single(li => li.TextContent.Contains(pick));
            await client.SubmitAsync(page, (AngleSharp.Html.Dom.IHtmlFormElement)item.QuerySelector("form[action*='handler=Vote']")!);
        }
        var week = await erik.GetPageAsync("/Week");
        var closed = await erik.SubmitAsync(week, week.Form("form[action*='handler=Close']"));
        var results = await erik.GetPageAsync(closed.Response.Headers.Location!.OriginalString);

        var places = results.Document.QuerySelectorAll(".podium-place").Select(p => p.TextContent).ToList();
        Assert.Equal(2, places.Count);
        Assert.Contains("1st place", places[0]);
        Assert.Contains("Coco", places[0]);
        Assert.Contains("decided by most votes", places[0]);
        Assert.Contains("Up", places[1]);
        Assert.Contains("We watched it", places[0]);
        Assert.NotNull(timeaMember);
    }

    [Fact]
    public async Task Live_search_lists_TMDB_results_and_nominating_one_keeps_its_poster_and_rating()
    {
        tmdb = await FakeTmdbServer.StartAsync();
        app.With("Tmdb:ApiBaseUrl", tmdb.BaseUrl).With("TMDB_API_KEY", FakeTmdbServer.ApiKey);
        var (_, _, erik, _) = await TwoMembersAsync();

        var search = new HttpRequestMessage(HttpMethod.Get, "/Week?handler=Search&q=incep");
        search.Headers.Add("HX-Request", "true");
        var fragment = await erik.SendAsync(search);
        var html = await fragment.Content.ReadAsStringAsync();
        Assert.Contains("From TMDB", html);
        Assert.Contains("Inception", html);
        Assert.DoesNotContain("<html", html);

        var week = await erik.GetPageAsync("/Week");
        var posted = await erik.SubmitAsync(week, week.Form("form[action*='handler=Nominate']"),
            new Dictionary<string, string> { ["tmdbId"] = "27205", ["title"] = "Inception", ["year"] = "2010" });
        var after = await erik.GetPageAsync(posted.Response.Headers.Location!.OriginalString);
        var card = after.Document.QuerySelector("#nominations .movie-card")!;
        Assert.StartsWith("https://image.tmdb.org/t/p/w185/", card.QuerySelector("img.poster")!.GetAttribute("src"));
        Assert.Contains("★", card.TextContent);
        Assert.Contains("Inception", card.TextContent);
    }

    [Fact]
    public async Task A_TMDB_outage_during_search_says_so_and_the_title_form_still_works()
    {
        tmdb = await FakeTmdbServer.StartAsync();
        app.With("Tmdb:ApiBaseUrl", tmdb.BaseUrl).With("TMDB_API_KEY", FakeTmdbServer.ApiKey).With("Tmdb:MaxRetries", "0");
        var (_, _, erik, _) = await TwoMembersAsync();
        tmdb.ServeHtmlErrorNext(10, 503);

        var fragment = await (await erik.GetAsync("/Week?handler=Search&q=matrix")).Content.ReadAsStringAsync();
        Assert.Contains("TMDB is not answering right now", fragment);
        Assert.Contains("You can still nominate by title and year.", fragment);
        Assert.Contains("“The Matrix” is nominated.", (await NominateByTitleAsync(erik, "The Matrix", "1999")).Text);
    }
}
