using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;
using MovieNight.Web.Trakt;

namespace MovieNight.Tests.Trakt;

/// <summary>Two-way sync of plays, ratings and the watchlist against the fake Trakt, run as the job runs it.</summary>
public sealed class TraktSyncTests
{
    private static readonly DateTimeOffset Start = new(2021, 1, 1, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_first_sync_imports_every_page_of_history_ratings_and_the_watchlist()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        for (var i = 0; i < 600; i++) user.AddPlay(700000 + i % 400, $"Movie {i % 400}", 2000 + i % 20, Start.AddDays(i));
        for (var i = 0; i < 30; i++) user.AddRating(700000 + i, 1 + i % 10, Start.AddDays(i).AddHours(3));
        for (var i = 0; i < 20; i++) user.AddToWatchlist(800000 + i, $"Wanted {i}", 2024);
        await house.LinkAsync(house.Timea, user);

        var run = await SyncAsync(house, house.Timea);

        Assert.Equal(SyncStatus.Completed, run.Status);
        Assert.Equal((600, 30, 20), (run.HistoryPulled, run.RatingsPulled, run.WatchlistPulled));
        var counts = await house.Get<TraktSyncRuns>().CountsAsync(house.Timea.Id);
        Assert.Equal((400L, 600L, 30L, 20L, 0L), (counts.Movies, counts.Plays, counts.Ratings, counts.WatchlistItems, counts.Waiting));
        Assert.Equal(3, house.Fake.Count("GET", "/sync/history/movies"));
        Assert.All(house.Fake.Requests.Where(r => r.Path == "/sync/history/movies"), r => Assert.Contains("limit=250", r.Query));
        Assert.Equal(1, house.Fake.Count("GET", "/sync/last_activities"));
    }

    [Fact]
    public async Task A_sync_with_nothing_new_makes_exactly_one_request()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        user.AddPlay(27205, Start);
        user.AddRating(27205, 9);
        user.AddToWatchlist(155);
        await house.LinkAsync(house.Timea, user);
        await SyncAsync(house, house.Timea);
        var before = house.Fake.Requests.Count;

        var run = await SyncAsync(house, house.Timea);

        Assert.Equal(SyncStatus.Completed, run.Status);
        Assert.Equal(["GET /sync/last_activities"], house.Fake.Requests.Skip(before).Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task A_later_sync_imports_only_new_plays_and_never_a_row_twice()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        for (var i = 0; i < 10; i++) user.AddPlay(27205, Start.AddDays(i));
        await house.LinkAsync(house.Timea, user);
        await SyncAsync(house, house.Timea);

        user.AddPlay(155, Start.AddDays(30));
        user.AddPlay(354912, Start.AddDays(31));
        var run = await SyncAsync(house, house.Timea);

        Assert.Equal(2, run.HistoryPulled);
        Assert.Equal(12L, (await house.Get<TraktSyncRuns>().CountsAsync(house.Timea.Id)).Plays);
        var incremental = house.Fake.Requests.Last(r => r.Path == "/sync/history/movies");
        Assert.Contains("start_at=", incremental.Query);
        // And again, as a crash and a rerun would: still 12.
        await house.Get<TraktHistorySync>().PullAsync(house.Timea.Id, null, _ => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(12L, (await house.Get<TraktSyncRuns>().CountsAsync(house.Timea.Id)).Plays);
    }

    [Fact]
    public async Task The_same_run_delivered_twice_at_once_syncs_once()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        user.AddPlay(27205, Start);
        await house.LinkAsync(house.Timea, user);
        var runs = house.Get<TraktSyncRuns>();
        var runId = (await runs.StartAsync(house.Timea.Id, "test"))!.Value;
        Assert.Null(await runs.StartAsync(house.Timea.Id, "test")); // a second run is refused while this one runs

        var sync = house.Get<TraktSync>();
        await Task.WhenAll(sync.ExecuteAsync(runId, CancellationToken.None), sync.ExecuteAsync(runId, CancellationToken.None));

        Assert.Equal(1, house.Fake.Count("GET", "/sync/last_activities"));
        Assert.Equal(1L, (await runs.CountsAsync(house.Timea.Id)).Plays);
    }

    [Fact]
    public async Task Watches_are_pushed_in_batches_of_100_and_never_again_after_Trakt_acknowledged_them()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        await house.LinkAsync(house.Timea, user);
        await AddLocalWatchesAsync(house, house.Timea, FakeTmdbServer.Catalogue.Take(10).Select(m => (long)m.Id), 15);

        var run = await SyncAsync(house, house.Timea);
        await SyncAsync(house, house.Timea);

        Assert.Equal(150, run.WatchesPushed);
        Assert.Equal(2, house.Fake.Count("POST", "/sync/history"));
        Assert.Equal(150, user.Plays.Count);
        Assert.Equal(0, (await house.Get<TraktSyncRuns>().CountsAsync(house.Timea.Id)).Waiting);
        Assert.Equal(150L, (await house.Get<TraktSyncRuns>().CountsAsync(house.Timea.Id)).Plays); // pulled back, matched, not doubled
    }

    [Fact]
    public async Task A_push_whose_answer_was_lost_is_looked_up_at_Trakt_and_not_sent_again()
    {
        await using var house = await TraktHousehold.StartAsync(settings: [("Trakt:AttemptTimeout", "00:00:01")]);
        var user = house.Fake.AddUser("timea_watches");
        await house.LinkAsync(house.Timea, user);
        await SyncAsync(house, house.Timea); // the first import, so that the next sync's first /sync/history call is the push
        await AddLocalWatchesAsync(house, house.Timea, [27205, 155, 354912], 1);
        house.Fake.FailNext(1, FakeTraktFault.Slow, "/sync/history", delay: TimeSpan.FromSeconds(3)); // Trakt adds them, the answer comes too late

        var lost = await SyncAsync(house, house.Timea);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the fake finishes its slow answer
        var next = await SyncAsync(house, house.Timea);

        Assert.Equal(SyncStatus.Partial, lost.Status);
        Assert.Contains(lost.Errors, e => e.Contains("checks Trakt before sending it again"));
        Assert.Equal(SyncStatus.Completed, next.Status);
        Assert.Equal(1, house.Fake.Count("POST", "/sync/history"));
        Assert.Equal(3, user.Plays.Count);
        Assert.Equal(0, (await house.Get<TraktSyncRuns>().CountsAsync(house.Timea.Id)).Waiting);
    }

    [Fact]
    public async Task Watches_wait_through_a_rate_limit_storm_and_go_out_with_the_next_good_sync()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        await house.LinkAsync(house.Timea, user);
        await AddLocalWatchesAsync(house, house.Timea, [27205, 155], 1);
        house.Fake.FailNext(5, FakeTraktFault.RateLimited, "/sync/history", retryAfterSeconds: 120);

        var storm = await SyncAsync(house, house.Timea);
        house.Fake.ClearFailures();
        var after = await SyncAsync(house, house.Timea);

        Assert.Equal(SyncStatus.Partial, storm.Status);
        Assert.Contains(storm.Errors, e => e.Contains("slow down"));
        Assert.Equal((SyncStatus.Completed, 2), (after.Status, after.WatchesPushed));
        Assert.Equal(2, user.Plays.Count);
    }

    [Fact]
    public async Task A_Trakt_outage_mid_sync_ends_partial_and_loses_nothing()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        for (var i = 0; i < 300; i++) user.AddPlay(700000 + i, $"Movie {i}", 2001, Start.AddDays(i));
        user.AddRating(27205, "Inception", 2010, 8);
        await house.LinkAsync(house.Timea, user);
        house.Fake.FailNext(10, FakeTraktFault.CloudflareHtml, "/sync/ratings");

        var outage = await SyncAsync(house, house.Timea);
        house.Fake.ClearFailures();
        var after = await SyncAsync(house, house.Timea);

        Assert.Equal(SyncStatus.Partial, outage.Status);
        Assert.Equal(300, outage.HistoryPulled);
        Assert.Contains(outage.Errors, e => e.Contains("Trakt is not answering"));
        Assert.Equal((SyncStatus.Completed, 0, 1), (after.Status, after.HistoryPulled, after.RatingsPulled));
        Assert.Equal(300L, (await house.Get<TraktSyncRuns>().CountsAsync(house.Timea.Id)).Plays);
    }

    [Fact]
    public async Task Plays_removed_at_Trakt_are_removed_here_at_the_daily_reconcile()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        user.AddPlay(27205, Start);
        user.AddPlay(155, Start.AddDays(1));
        await house.LinkAsync(house.Timea, user);
        await SyncAsync(house, house.Timea);
        lock (house.Fake.Gate) user.PlayList.RemoveAll(p => p.Movie.TmdbId == 155);

        house.Clock.Advance(TimeSpan.FromDays(1.1));
        await SyncAsync(house, house.Timea);

        Assert.Equal(1L, (await house.Get<TraktSyncRuns>().CountsAsync(house.Timea.Id)).Plays);
    }

    [Fact]
    public async Task Ratings_go_both_ways_and_the_newer_one_wins()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        user.AddPlay(27205, Start);
        user.AddRating(27205, 6, Start.AddHours(3));
        await house.LinkAsync(house.Timea, user);
        await SyncAsync(house, house.Timea);
        Assert.Equal(6, await RatingAsync(house, 27205));

        var watchId = await WatchIdAsync(house, 27205);
        await house.Get<MovieNight.Web.Movies.WatchLog>().RateAsync(watchId, house.Timea.Id, 9);
        var run = await SyncAsync(house, house.Timea);

        Assert.Equal(1, run.RatingsPushed);
        Assert.Equal(9, user.Ratings.Single(r => r.Movie.TmdbId == 27205).Rating);
        Assert.Equal(9, await RatingAsync(house, 27205));
    }

    [Fact]
    public async Task Watches_Trakt_does_not_know_are_marked_and_shown()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        await AddLocalWatchesAsync(house, house.Timea, [27205, 999999999], 1);

        var run = await SyncAsync(house, house.Timea);
        var page = await (await house.SignInAsync(house.Timea)).GetPageAsync("/Trakt");

        Assert.Equal((1, 1), (run.WatchesPushed, run.NotFound));
        Assert.Contains("1 watch Trakt does not know", page.Text);
        Assert.Contains("Trakt does not know this movie", page.Text);
    }

    [Fact]
    public async Task A_cancelled_sync_stops_within_two_seconds_and_keeps_what_it_did()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        for (var i = 0; i < 1000; i++) user.AddPlay(700000 + i, $"Movie {i}", 2001, Start.AddHours(i));
        await house.LinkAsync(house.Timea, user);
        house.Fake.Delay = TimeSpan.FromMilliseconds(700);
        var runs = house.Get<TraktSyncRuns>();
        var runId = (await runs.StartAsync(house.Timea.Id, "test"))!.Value;
        var syncing = house.Get<TraktSync>().ExecuteAsync(runId, CancellationToken.None);
        await Task.Delay(1500);

        var asked = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await runs.RequestCancelAsync(house.Timea.Id));
        await syncing;

        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {asked.Elapsed}");
        var run = (await runs.FindAsync(runId))!;
        Assert.Equal(SyncStatus.Cancelled, run.Status);
        Assert.Equal(run.HistoryPulled, (int)(await runs.CountsAsync(house.Timea.Id)).Plays);
        Assert.True(run.HistoryPulled < 1000);
    }

    [Fact]
    public async Task Status_json_has_the_mobile_clients_shape_and_sync_starts_by_name()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        user.AddPlay(27205, Start);
        await house.LinkAsync(house.Timea, user);
        await SyncAsync(house, house.Timea);
        var timea = await house.SignInAsync(house.Timea);

        var status = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(timea, "/api/trakt/status/Timea");

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(1, status.GetProperty("itemsSynced").GetProperty("movies").GetInt32());
        Assert.Equal(0, status.GetProperty("itemsSynced").GetProperty("episodes").GetInt32());
        Assert.Equal(0, status.GetProperty("errors").GetArrayLength());
        var page = await timea.GetPageAsync("/Trakt");
        var token = page.Document.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/trakt/sync/Timea");
        start.Headers.Add("RequestVerificationToken", token);
        var started = await timea.SendAsync(start);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/trakt/sync/Timea");
        again.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await timea.SendAsync(again)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await timea.PostAsync("/api/trakt/sync/Timea", null)).StatusCode);
    }

    internal static async Task<SyncRun> SyncAsync(TraktHousehold house, Member member)
    {
        var runs = house.Get<TraktSyncRuns>();
        var runId = await runs.StartAsync(member.Id, "test");
        Assert.NotNull(runId);
        await house.Get<TraktSync>().ExecuteAsync(runId.Value, CancellationToken.None);
        return (await runs.FindAsync(runId.Value))!;
    }

    private static async Task AddLocalWatchesAsync(TraktHousehold house, Member member, IEnumerable<long> tmdbIds, int times)
    {
        await using var connection = house.App.Db.OpenConnection();
        var i = 0;
        foreach (var tmdbId in tmdbIds)
            for (var n = 0; n < times; n++)
                await connection.ExecuteAsync("INSERT INTO watch_history (user_id, tmdb_id, watched_at, synced_to_trakt) VALUES (@id, @tmdbId, @at, 0)",
                    new { id = member.Id, tmdbId, at = SqliteTime.ToText(Start.AddHours(i++)) });
    }

    private static async Task<long?> RatingAsync(TraktHousehold house, long tmdbId)
    {
        await using var connection = house.App.Db.OpenConnection();
        return await connection.ExecuteScalarAsync<long?>("SELECT rating FROM watch_history WHERE tmdb_id = @tmdbId", new { tmdbId });
    }

    private static async Task<long> WatchIdAsync(TraktHousehold house, long tmdbId)
    {
        await using var connection = house.App.Db.OpenConnection();
        return await connection.ExecuteScalarAsync<long>("SELECT id FROM watch_history WHERE tmdb_id = @tmdbId", new { tmdbId });
    }
}

/// <summary>"I watched this" on any card, and removing a watch, with Trakt kept in step.</summary>
public sealed class MarkWatchedTests
{
    [Fact]
    public async Task A_movie_marked_watched_goes_to_Trakt_with_the_next_sync_and_removing_it_removes_it_there()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        await house.LinkAsync(house.Timea, user);
        await TraktSyncTests.SyncAsync(house, house.Timea);
        var timea = await house.SignInAsync(house.Timea);

        var form = await timea.GetPageAsync("/Watched/Mark?tmdbId=27205&title=Inception&year=2010");
        var saved = await timea.SubmitAsync(form, form.Form("main form"), new Dictionary<string, string> { ["WatchedOn"] = "2026-11-20", ["WatchedTime"] = "20:30", ["Rating"] = "9" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.Status);
        var mine = await timea.GetPageAsync($"/Members/{house.Timea.Id}");
        Assert.Contains("Inception is in your movies; it goes to Trakt with your next sync.", mine.Text);

        var run = await TraktSyncTests.SyncAsync(house, house.Timea);
        Assert.Equal((1, 1), (run.WatchesPushed, run.RatingsPushed));
        Assert.Equal(1, user.PlayCount(27205));
        Assert.Equal(9, user.Ratings.Single().Rating);

        mine = await timea.GetPageAsync($"/Members/{house.Timea.Id}");
        var removed = await timea.SubmitAsync(mine, mine.Form("form.remove-watch"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, removed.Status);
        Assert.Contains("The watch is removed, here and on Trakt.", (await timea.GetPageAsync($"/Members/{house.Timea.Id}")).Text);
        Assert.Equal(0, user.PlayCount(27205));
    }

    [Fact]
    public async Task A_watch_on_Trakt_stays_when_Trakt_cannot_remove_it()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        user.AddPlay(27205, new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.Zero));
        await house.LinkAsync(house.Timea, user);
        await TraktSyncTests.SyncAsync(house, house.Timea);
        house.Fake.FailNext(10, FakeTraktFault.ServerError, "/sync/history/remove");
        var timea = await house.SignInAsync(house.Timea);

        var mine = await timea.GetPageAsync($"/Members/{house.Timea.Id}");
        await timea.SubmitAsync(mine, mine.Form("form.remove-watch"));

        Assert.Contains("The watch stays for now", (await timea.GetPageAsync($"/Members/{house.Timea.Id}")).Text);
        Assert.Equal(1L, (await house.Get<TraktSyncRuns>().CountsAsync(house.Timea.Id)).Plays);
        Assert.Equal(1, user.PlayCount(27205));
    }
}

/// <summary>What a sync brought in shows wherever a movie does, and a run cut off by a crash does not block the next.</summary>
public sealed class SyncAftermathTests
{
    [Fact]
    public async Task Search_results_show_who_has_seen_a_movie_including_at_Trakt()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        user.AddPlay(27205, new DateTimeOffset(2025, 1, 1, 20, 0, 0, TimeSpan.Zero));
        await house.LinkAsync(house.Timea, user);
        await TraktSyncTests.SyncAsync(house, house.Timea);
        Assert.True((await house.Get<MovieNight.Web.Weeks.NominationBook>().NominateAsync(house.Admin.Id,
            new MovieNight.Web.Weeks.MovieChoice("Inception", "2010", 27205))).Succeeded);
        var erik = await house.SignInAsync(house.Admin);

        // The fragment the search box asks for (a GET without htmx is the whole week page, whose search box is gone once Erik has nominated).
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Week?handler=Search&q=incep");
        request.Headers.Add("HX-Request", "true");
        var results = new { Document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await (await erik.SendAsync(request)).Content.ReadAsStringAsync()) };

        Assert.Contains("Seen by", results.Document.QuerySelector(".search-result .seen-by")!.TextContent);
        Assert.Contains("Timea", results.Document.QuerySelector(".search-result .seen-by")!.TextContent);
    }

    [Fact]
    public async Task A_run_whose_process_died_is_closed_and_the_next_sync_carries_on_without_duplicates()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        for (var i = 0; i < 300; i++) user.AddPlay(700000 + i, $"Movie {i}", 2001, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i));
        await house.LinkAsync(house.Timea, user);
        var runs = house.Get<TraktSyncRuns>();
        // A run that got through one page of history, then the process was killed: its lease runs out.
        var dead = (await runs.StartAsync(house.Timea.Id, "schedule"))!.Value;
        Assert.True(await runs.ClaimAsync(dead, "killed-worker"));
        await house.Get<TraktHistorySync>().PullAsync(house.Timea.Id, null, _ => Task.CompletedTask, CancellationToken.None);
        await using (var connection = house.App.Db.OpenConnection())
            await connection.ExecuteAsync("DELETE FROM watch_history WHERE watched_at > '2020-09-07'");
        Assert.Null(await runs.StartAsync(house.Timea.Id, "now")); // still running as far as anyone knows

        house.Clock.Advance(TraktSyncRuns.Lease + TimeSpan.FromSeconds(1));
        var run = await TraktSyncTests.SyncAsync(house, house.Timea);

        Assert.Equal(SyncStatus.Completed, run.Status);
        Assert.Equal(SyncStatus.Failed, (await runs.FindAsync(dead))!.Status);
        Assert.Contains("interrupted", (await runs.FindAsync(dead))!.Errors.Single());
        Assert.Equal(300L, (await runs.CountsAsync(house.Timea.Id)).Plays);
    }
}

/// <summary>The review's cases: a watch removed while its push is unconfirmed, and a run that lost its lease.</summary>
public sealed class SyncEdgeTests
{
    [Fact]
    public async Task Removing_a_watch_whose_push_was_unconfirmed_finds_it_at_Trakt_and_removes_it_there()
    {
        await using var house = await TraktHousehold.StartAsync(settings: [("Trakt:AttemptTimeout", "00:00:01")]);
        var user = house.Fake.AddUser("timea_watches");
        await house.LinkAsync(house.Timea, user);
        await TraktSyncTests.SyncAsync(house, house.Timea);
        var watch = await house.Get<MovieNight.Web.Movies.WatchLog>().MarkAsync(house.Timea.Id, 27205, "Inception", 2010,
            new DateTimeOffset(2026, 11, 20, 19, 30, 0, TimeSpan.Zero), null);
        house.Fake.FailNext(1, FakeTraktFault.Slow, "/sync/history", delay: TimeSpan.FromSeconds(3));
        Assert.Equal(SyncStatus.Partial, (await TraktSyncTests.SyncAsync(house, house.Timea)).Status); // Trakt took it; the answer was lost
        await Task.Delay(TimeSpan.FromSeconds(3));

        var removed = await house.Get<TraktHistorySync>().RemovePlayAsync(house.Timea.Id, watch.WatchId!.Value);

        Assert.True(removed.Succeeded && removed.Value, removed.Problem?.Message);
        Assert.Equal(0, user.PlayCount(27205));
    }

    [Fact]
    public async Task A_run_that_lost_its_lease_stops_and_the_run_that_took_over_imports_everything_once()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        for (var i = 0; i < 1000; i++) user.AddPlay(700000 + i, $"Movie {i}", 2001, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i));
        await house.LinkAsync(house.Timea, user);
        house.Fake.Delay = TimeSpan.FromMilliseconds(400);
        var runs = house.Get<TraktSyncRuns>();
        var first = (await runs.StartAsync(house.Timea.Id, "test"))!.Value;
        var stalled = house.Get<TraktSync>().ExecuteAsync(first, CancellationToken.None);
        await Task.Delay(1000);

        house.Clock.Advance(TraktSyncRuns.Lease + TimeSpan.FromSeconds(1)); // as if that process had stalled for minutes
        var second = (await runs.StartAsync(house.Timea.Id, "test"))!.Value;
        await stalled.WaitAsync(TimeSpan.FromSeconds(5));
        house.Fake.Delay = TimeSpan.Zero;
        await house.Get<TraktSync>().ExecuteAsync(second, CancellationToken.None);

        Assert.Equal(SyncStatus.Failed, (await runs.FindAsync(first))!.Status);
        Assert.Equal(SyncStatus.Completed, (await runs.FindAsync(second))!.Status);
        Assert.Equal(1000L, (await runs.CountsAsync(house.Timea.Id)).Plays);
    }
}
