using System.Net;
using System.Text.Json;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Trakt;
using MovieNight.Web.Trakt;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Watchlist;

/// <summary>"My watchlist" through real HTTP: a linked member's list lives at the fake Trakt, an unlinked member's in MovieNight.</summary>
public sealed class WatchlistTests
{
    private static readonly DateTimeOffset Listed = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");

    private static async Task<(TraktHousehold House, FakeTraktUser User, WatchlistVisit Visit)> LinkedAsync(bool vip = true)
    {
        var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches", vip);
        await house.LinkAsync(house.Timea, user);
        return (house, user, new WatchlistVisit(await house.SignInAsync(house.Timea)));
    }

    private static async Task PullAsync(TraktHousehold house) =>
        Assert.True((await house.Get<TraktWatchlistSync>().PullAsync(house.Timea.Id, CancellationToken.None)).Succeeded);

    [Fact]
    public async Task A_linked_member_sees_their_Trakt_watchlist_sorted_and_filtered()
    {
        var (house, user, visit) = await LinkedAsync();
        await using var _ = house;
        user.AddToWatchlist(603, Listed);                 // The Matrix 1999
        user.AddToWatchlist(155, Listed.AddDays(2));      // The Dark Knight 2008
        user.AddToWatchlist(12, Listed.AddDays(1));       // Finding Nemo 2003
        await PullAsync(house);
        await WatchlistVisit.CacheMovieAsync(house.App.Db, house.Clock, 12, "Finding Nemo", 2003, 7.8);
        await WatchlistVisit.CacheMovieAsync(house.App.Db, house.Clock, 603, "The Matrix", 1999, 8.2);

        Assert.Equal(["The Dark Knight", "Finding Nemo", "The Matrix"], await visit.TitlesAsync());
        Assert.Equal(["Finding Nemo", "The Dark Knight", "The Matrix"], await visit.TitlesAsync("?sort=title"));
        Assert.Equal(["The Matrix", "Finding Nemo", "The Dark Knight"], await visit.TitlesAsync("?sort=year&dir=asc"));
        // Best rated first; a movie TMDB was never asked about (no rating) comes last.
        Assert.Equal(["The Matrix", "Finding Nemo", "The Dark Knight"], await visit.TitlesAsync("?sort=rating"));
        Assert.Equal(["The Dark Knight", "The Matrix"], await visit.TitlesAsync("?q=the"));
        var page = await visit.PageAsync("?q=nemo");
        Assert.Contains("Showing 1 of 3 movies", page.Text);
        Assert.Contains("Your Trakt watchlist", page.Text);
        Assert.Contains("★ 7.8", page.Text);
    }

    [Fact]
    public async Task A_linked_member_adds_a_movie_at_Trakt_and_it_shows_once_Trakt_acknowledged()
    {
        var (house, user, visit) = await LinkedAsync();
        await using var _ = house;

        var answer = await visit.PostAsync("Add", htmx: true, ("tmdbId", "603"), ("title", "The Matrix"), ("year", "1999"));

        var fragment = await WatchlistVisit.FragmentAsync(answer);
        Assert.Contains("“The Matrix” is on your watchlist.", fragment.Body!.TextContent);
        Assert.Contains("✓ On watchlist", fragment.QuerySelector("button")!.TextContent);
        Assert.Equal([603], user.Watchlist.Select(w => w.Movie.TmdbId));
        Assert.Equal(1, house.Fake.Count("POST", "/sync/watchlist"));
        Assert.Equal([603L], (await WatchlistVisit.RowsAsync(house.App.Db, "trakt_watchlist", house.Timea.Id)).Select(r => r.TmdbId));
        Assert.Empty(await WatchlistVisit.RowsAsync(house.App.Db, "watchlist", house.Timea.Id));
        Assert.Equal(["The Matrix"], await visit.TitlesAsync());
    }

    [Fact]
    public async Task An_unlinked_member_adds_from_a_movie_card_to_a_local_watchlist()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Clock.Set(TestClock.Next(DayOfWeek.Tuesday, 20, Budapest));
        Assert.Null((await house.Get<NominationBook>().NominateAsync(house.Admin.Id, new MovieChoice("Coco", "2017", 354912))).Refusal);
        var client = await house.SignInAsync(house.Timea);

        var week = await client.GetPageAsync("/Week");
        var form = week.Form("form.watchlist-button");
        Assert.Contains("+ Watchlist", form.TextContent);
        var posted = await client.SubmitAsync(week, form);

        Assert.Equal(HttpStatusCode.Redirect, posted.Status); // post/redirect/get back to the week
        Assert.Equal("/Week", posted.Response.Headers.Location!.OriginalString);
        var again = await client.GetPageAsync("/Week");
        Assert.Contains("“Coco” is on your watchlist.", again.Text);
        Assert.Contains("✓ On watchlist", again.Form("form.watchlist-button").TextContent);
        Assert.Equal([(354912L, SqliteTime.ToText(house.Clock.GetUtcNow()))], await WatchlistVisit.RowsAsync(house.App.Db, "watchlist", house.Timea.Id));
        Assert.Equal(["Coco"], await new WatchlistVisit(client).TitlesAsync());
        Assert.Empty(house.Fake.Requests);
    }

    [Fact]
    public async Task A_linked_member_removes_a_movie_and_Undo_puts_it_back_with_its_listed_date()
    {
        var (house, user, visit) = await LinkedAsync();
        await using var _ = house;
        user.AddToWatchlist(603, Listed);
        user.AddToWatchlist(155, Listed.AddDays(1));
        await PullAsync(house);

        var removed = await WatchlistVisit.FragmentAsync(await visit.PostAsync("Remove", htmx: true, ("tmdbId", "603"), ("from", "list")));
        Assert.Contains("Removed “The Matrix”.", removed.Body!.TextContent);
        Assert.Equal([155], user.Watchlist.Select(w => w.Movie.TmdbId));
        Assert.Equal(["The Dark Knight"], await visit.TitlesAsync());

        var undoForm = removed.QuerySelector("form")!;
        var undo = await visit.PostAsync("Undo", htmx: true, ("removal", undoForm.QuerySelector("input[name=removal]")!.GetAttribute("value")!), ("tmdbId", "603"));

        var back = await WatchlistVisit.FragmentAsync(undo);
        Assert.Contains("“The Matrix” is back on your watchlist.", back.Body!.TextContent);
        Assert.Equal([155, 603], user.Watchlist.Select(w => w.Movie.TmdbId));
        var rows = await WatchlistVisit.RowsAsync(house.App.Db, "trakt_watchlist", house.Timea.Id);
        Assert.Equal((603L, SqliteTime.ToText(Listed)), rows.Single(r => r.TmdbId == 603));
        Assert.Equal(["The Dark Knight", "The Matrix"], await visit.TitlesAsync());
        Assert.Equal((1, 1), (house.Fake.Count("POST", "/sync/watchlist/remove"), house.Fake.Count("POST", "/sync/watchlist")));
    }

    [Fact]
    public async Task Without_htmx_a_removal_redirects_to_the_list_which_offers_Undo()
    {
        await using var house = await TraktHousehold.StartAsync();
        var visit = new WatchlistVisit(await house.SignInAsync(house.Timea));
        await visit.PostAsync("Add", false, ("tmdbId", "12"), ("title", "Finding Nemo"), ("year", "2003"));
        var listedAt = (await WatchlistVisit.RowsAsync(house.App.Db, "watchlist", house.Timea.Id)).Single().ListedAt;
        house.Clock.Advance(TimeSpan.FromDays(3));

        var removed = await visit.PostAsync("Remove", false, ("tmdbId", "12"), ("from", "list"));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var page = await visit.Client.GetPageAsync(removed.Headers.Location!.OriginalString);
        Assert.Contains("Removed “Finding Nemo” from your watchlist.", page.Text);
        Assert.Empty(await WatchlistVisit.RowsAsync(house.App.Db, "watchlist", house.Timea.Id));

        var undone = await visit.Client.SubmitAsync(page, page.Form("form.undo-bar"));
        Assert.Equal(HttpStatusCode.Redirect, undone.Status);
        Assert.Equal([(12L, listedAt)], await WatchlistVisit.RowsAsync(house.App.Db, "watchlist", house.Timea.Id));
        Assert.Contains("back on your watchlist", (await visit.PageAsync()).Text);
    }

    [Fact]
    public async Task Several_ticked_movies_go_to_Trakt_one_POST_per_hundred_with_progress()
    {
        var (house, user, visit) = await LinkedAsync();
        await using var _ = house;
        for (var i = 0; i < 150; i++) house.Fake.AddMovie(900000 + i, $"Batch movie {i:000}", 2020);
        var choices = Enumerable.Range(0, 150).Select(i => new KeyValuePair<string, string>("choices", $"{900000 + i}:2020:Batch movie {i:000}")).ToList();

        var started = await WatchlistVisit.FragmentAsync(await visit.PostAsync("Selected", choices.Prepend(new("act", "add")), htmx: true));
        var poll = started.QuerySelector("[hx-get]")!.GetAttribute("hx-get")!;
        Assert.NotNull(started.QuerySelector("progress[max='150']"));
        HttpResponseMessage progress;
        var polls = 0;
        do
        {
            await Task.Delay(200);
            using var request = new HttpRequestMessage(HttpMethod.Get, poll);
            request.Headers.Add("HX-Request", "true");
            progress = await visit.Client.SendAsync(request);
        } while (!progress.Headers.Contains("HX-Redirect") && ++polls < 100);

        Assert.Equal("/Watchlist", progress.Headers.GetValues("HX-Redirect").Single());
        Assert.Contains("Added 150 of 150 movies.", (await visit.PageAsync()).Text);
        Assert.Equal(150, user.Watchlist.Count);
        Assert.Equal(2, house.Fake.Count("POST", "/sync/watchlist"));
        Assert.Equal(0, house.Fake.RateLimitedCount);

        // And removing 120 of them, ticked on the list: two POSTs, and one Undo for all.
        var ids = Enumerable.Range(0, 120).Select(i => new KeyValuePair<string, string>("ids", $"{900000 + i}"));
        var removed = await visit.PostAsync("Selected", ids.Prepend(new("act", "remove")));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(30, user.Watchlist.Count);
        Assert.Equal(2, house.Fake.Count("POST", "/sync/watchlist/remove"));
        var page = await visit.Client.GetPageAsync(removed.Headers.Location!.OriginalString);
        Assert.Contains("Removed 120 of 120 movies.", page.Text);
        Assert.Contains("Removed 120 movies.", page.Form("form.undo-bar").TextContent);
        Assert.Equal(30, (await WatchlistVisit.RowsAsync(house.App.Db, "trakt_watchlist", house.Timea.Id)).Count);
    }

    [Fact]
    public async Task A_full_free_Trakt_watchlist_says_Trakts_limit_and_changes_nothing()
    {
        var (house, user, visit) = await LinkedAsync(vip: false);
        await using var _ = house;
        for (var i = 0; i < 250; i++) user.AddToWatchlist(800000 + i, $"Wanted {i}", 2024, Listed);
        await PullAsync(house);

        var answer = await WatchlistVisit.FragmentAsync(await visit.PostAsync("Add", htmx: true, ("tmdbId", "603"), ("title", "The Matrix"), ("year", "1999")));

        Assert.Contains("Your Trakt watchlist is full (250 items, Trakt's limit for free accounts)", answer.Body!.TextContent);
        Assert.NotNull(answer.QuerySelector("[role=alert]"));
        Assert.Contains("+ Watchlist", answer.QuerySelector("button")!.TextContent);
        Assert.Equal(250, user.Watchlist.Count);
        Assert.DoesNotContain(603L, (await WatchlistVisit.RowsAsync(house.App.Db, "trakt_watchlist", house.Timea.Id)).Select(r => r.TmdbId));
    }

    [Fact]
    public async Task While_Trakt_is_down_an_add_or_remove_says_so_and_changes_nothing()
    {
        var (house, user, visit) = await LinkedAsync();
        await using var _ = house;
        user.AddToWatchlist(603, Listed);
        await PullAsync(house);
        await house.Fake.DisposeAsync(); // Trakt stops answering

        var added = await WatchlistVisit.FragmentAsync(await visit.PostAsync("Add", htmx: true, ("tmdbId", "155"), ("title", "The Dark Knight"), ("year", "2008")));
        var removed = await WatchlistVisit.FragmentAsync(await visit.PostAsync("Remove", htmx: true, ("tmdbId", "603"), ("from", "list")));

        Assert.Contains("Trakt is not answering right now, so your watchlist was not changed", added.Body!.TextContent);
        Assert.Contains("Trakt is not answering right now, so your watchlist was not changed", removed.Body!.TextContent);
        Assert.NotNull(removed.QuerySelector("#wl-603 button")); // the movie stays, with its Remove button
        Assert.Equal([(603L, SqliteTime.ToText(Listed))], await WatchlistVisit.RowsAsync(house.App.Db, "trakt_watchlist", house.Timea.Id));
        Assert.Equal(["The Matrix"], await visit.TitlesAsync());
    }

    [Fact]
    public async Task A_member_nominates_straight_from_the_watchlist_and_a_refusal_shows_beside_the_button()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Clock.Set(TestClock.Next(DayOfWeek.Tuesday, 20, Budapest));
        var visit = new WatchlistVisit(await house.SignInAsync(house.Timea));
        await visit.PostAsync("Add", false, ("tmdbId", "354912"), ("title", "Coco"), ("year", "2017"));
        await visit.PostAsync("Add", false, ("tmdbId", "129"), ("title", "Spirited Away"), ("year", "2001"));

        var page = await visit.PageAsync();
        var nominate = page.Document.QuerySelector("#wl-354912 form[action*='handler=Nominate']") as AngleSharp.Html.Dom.IHtmlFormElement;
        var posted = await visit.Client.SubmitAsync(page, nominate!);
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        Assert.Equal("/Week", posted.Response.Headers.Location!.OriginalString);
        Assert.Contains("“Coco” is nominated.", (await visit.Client.GetPageAsync("/Week")).Text);

        // One nomination a week by default: the second is refused, next to its button.
        var refused = await WatchlistVisit.FragmentAsync(await visit.PostAsync("Nominate", htmx: true, ("tmdbId", "129")));
        Assert.Equal("nominated-129", refused.QuerySelector("[role=alert]")!.Id);
        Assert.Contains("already nominated", refused.Body!.TextContent);
        var plain = await visit.PostAsync("Nominate", false, ("tmdbId", "129"));
        var shown = await WatchlistVisit.FragmentAsync(plain);
        Assert.Contains("already nominated", shown.QuerySelector("#wl-129 .alert-error")!.TextContent);

        // Once voting opens there is no Nominate button.
        Assert.Null(await house.Get<WeekStore>().OpenVotingAsync(house.Admin.Id));
        Assert.Empty((await visit.PageAsync()).Document.QuerySelectorAll("form[action*='handler=Nominate']"));
    }

    [Fact]
    public async Task The_watchlist_downloads_as_CSV_and_JSON_without_secrets()
    {
        var (house, user, visit) = await LinkedAsync();
        await using var _ = house;
        user.AddToWatchlist(120, Listed);
        user.AddToWatchlist(603, Listed.AddDays(1));
        await PullAsync(house);
        await WatchlistVisit.CacheMovieAsync(house.App.Db, house.Clock, 603, "The Matrix", 1999, 8.2);

        var csv = await visit.Client.GetAsync("/Watchlist?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("watchlist-timea-", csv.Content.Headers.ContentDisposition.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        var text = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        Assert.Equal([
            "tmdb_id,title,year,listed_at,tmdb_rating",
            "120,The Lord of the Rings: The Fellowship of the Ring,2001,2024-03-01T12:00:00Z,",
            "603,The Matrix,1999,2024-03-02T12:00:00Z,8.2",
        ], text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        var json = await visit.Client.GetAsync("/Watchlist?handler=Json");
        Assert.Equal("attachment", json.Content.Headers.ContentDisposition!.DispositionType);
        var body = await json.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        Assert.Equal("trakt", document.RootElement.GetProperty("source").GetString());
        Assert.Equal([120, 603], document.RootElement.GetProperty("movies").EnumerateArray().Select(m => m.GetProperty("tmdbId").GetInt32()));
        var tokens = await new TraktTokenStoreProbe(house).AccessTokenAsync();
        foreach (var secret in new[] { tokens, house.Fake.ClientId, house.Fake.ClientSecret })
        {
            Assert.DoesNotContain(secret, body);
            Assert.DoesNotContain(secret, text);
        }
    }

    /// <summary>The member's current access token, to prove an export never carries it.</summary>
    private sealed class TraktTokenStoreProbe(TraktHousehold house)
    {
        public async Task<string> AccessTokenAsync() => (await house.Get<TraktTokens>().AccessTokenAsync(house.Timea.Id)).Value!;
    }

    [Fact]
    public async Task Search_results_on_the_week_page_carry_the_watchlist_button()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Clock.Set(TestClock.Next(DayOfWeek.Tuesday, 20, Budapest));
        Assert.Null((await house.Get<NominationBook>().NominateAsync(house.Admin.Id, new MovieChoice("Coco", "2017", 354912))).Refusal);
        var client = await house.SignInAsync(house.Timea);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Week?handler=Search&q=Coc");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Current-URL", "http://localhost/Week");

        var results = await WatchlistVisit.FragmentAsync(await client.SendAsync(request));

        var form = results.QuerySelector(".search-result form.watchlist-button")!;
        Assert.Equal("354912", form.QuerySelector("input[name=tmdbId]")!.GetAttribute("value"));
        Assert.Equal("/Week", form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_changes_nothing()
    {
        await using var house = await TraktHousehold.StartAsync();
        var client = await house.SignInAsync(house.Timea);

        var posted = await client.PostAsync("/Watchlist?handler=Add", new FormUrlEncodedContent(
            [new("tmdbId", "603"), new("title", "The Matrix"), new("year", "1999")]));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Empty(await WatchlistVisit.RowsAsync(house.App.Db, "watchlist", house.Timea.Id));
    }

    [Fact]
    public async Task A_member_who_links_Trakt_later_sends_the_local_watchlist_there()
    {
        await using var house = await TraktHousehold.StartAsync();
        var visit = new WatchlistVisit(await house.SignInAsync(house.Timea));
        await visit.PostAsync("Add", false, ("tmdbId", "603"), ("title", "The Matrix"), ("year", "1999"));
        await visit.PostAsync("Add", false, ("tmdbId", "12"), ("title", "Finding Nemo"), ("year", "2003"));
        var user = house.Fake.AddUser("timea_watches");
        user.AddToWatchlist(155, Listed);
        await house.LinkAsync(house.Timea, user);
        await PullAsync(house);

        var page = await visit.PageAsync();
        Assert.Equal(["The Dark Knight"], await visit.TitlesAsync());
        Assert.Contains("2 movies are still on the watchlist you kept in MovieNight", page.Text);
        var sent = await visit.Client.SubmitAsync(page, page.Form("form[action*='handler=SendLocal']"));

        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        Assert.Equal([12, 155, 603], user.Watchlist.Select(w => w.Movie.TmdbId).Order());
        Assert.Equal(1, house.Fake.Count("POST", "/sync/watchlist"));
        Assert.Empty(await WatchlistVisit.RowsAsync(house.App.Db, "watchlist", house.Timea.Id));
        var after = await visit.PageAsync();
        Assert.Contains("Added 2 of 2 movies.", after.Text);
        Assert.DoesNotContain("still on the watchlist you kept", after.Text);
    }

    [Fact]
    public async Task Ticking_more_than_a_free_watchlist_has_room_for_says_how_many_fit()
    {
        var (house, user, visit) = await LinkedAsync(vip: false);
        await using var _ = house;
        for (var i = 0; i < 240; i++) user.AddToWatchlist(800000 + i, $"Wanted {i}", 2024, Listed);
        await PullAsync(house);
        var choices = new[] { "603:1999:The Matrix", "155:2008:The Dark Knight", "12:2003:Finding Nemo" }.Select(c => new KeyValuePair<string, string>("choices", c)).ToList();
        for (var i = 0; i < 10; i++) { house.Fake.AddMovie(700000 + i, $"More {i}", 2020); choices.Add(new("choices", $"{700000 + i}:2020:More {i}")); }

        var posted = await visit.PostAsync("Selected", choices.Prepend(new("act", "add")));

        var page = await visit.Client.GetPageAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("Added 0 of 13 movies. Your Trakt watchlist has room for only 10 more movies (250 items, Trakt's limit for free accounts).", page.Text);
        Assert.Equal(240, user.Watchlist.Count);
        Assert.Equal(240, (await WatchlistVisit.RowsAsync(house.App.Db, "trakt_watchlist", house.Timea.Id)).Count);
    }
}
