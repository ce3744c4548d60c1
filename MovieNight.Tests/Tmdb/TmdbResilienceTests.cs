using System.Diagnostics;
using System.Net;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Tmdb;

namespace MovieNight.Tests.Tmdb;

/// <summary>The circuit breaker, long Retry-After waits and the retry count of zero, through the fake TMDB.</summary>
public sealed class TmdbResilienceTests : IAsyncLifetime
{
    private const string Search = "/3/search/movie";
    private TmdbHarness tmdb = null!;

    public async Task InitializeAsync() => tmdb = await TmdbHarness.StartAsync();
    public async Task DisposeAsync() => await tmdb.DisposeAsync();

    [Fact]
    public async Task After_two_failed_searches_the_next_fails_at_once_without_asking_TMDB_until_the_break_is_over()
    {
        tmdb.Fake.ServeHtmlErrorNext(100);
        Assert.False((await tmdb.Client.SearchMoviesAsync("nemo")).Succeeded);
        Assert.False((await tmdb.Client.SearchMoviesAsync("dune")).Succeeded);
        Assert.Equal(6, tmdb.Fake.CountRequests(Search)); // two searches, three tries each
        tmdb.Fake.ClearFailures(); // TMDB is back, but the breaker does not know yet

        var blocked = await tmdb.Client.SearchMoviesAsync("coco");

        Assert.Equal(TmdbProblemKind.Unavailable, blocked.Problem?.Kind);
        Assert.StartsWith("TMDB is not answering right now", blocked.Problem?.Message);
        Assert.Equal(6, tmdb.Fake.CountRequests(Search));
        Assert.Contains(tmdb.Logs, line => line.Contains("circuit is open"));

        tmdb.Clock.Advance(TmdbResilience.BreakDuration + TimeSpan.FromSeconds(1));
        var recovered = await tmdb.Client.SearchMoviesAsync("coco");

        Assert.Equal(354912, Assert.Single(recovered.Value!).TmdbId);
        Assert.Equal(7, tmdb.Fake.CountRequests(Search));
    }

    [Fact]
    public async Task While_the_circuit_is_open_old_details_are_served_at_once()
    {
        await tmdb.Client.GetMovieAsync(155);
        tmdb.Clock.Advance(TimeSpan.FromDays(2));
        tmdb.Fake.ServeHtmlErrorNext(100);
        await tmdb.Client.SearchMoviesAsync("nemo");
        await tmdb.Client.SearchMoviesAsync("dune");

        var stale = await tmdb.Client.GetMovieAsync(155);

        Assert.Equal("The Dark Knight", stale.Value!.Title);
        Assert.Equal(1, tmdb.Fake.CountRequests("/3/movie/155"));
    }

    [Fact]
    public async Task A_half_open_probe_that_fails_opens_the_circuit_again()
    {
        tmdb.Fake.ServeHtmlErrorNext(100);
        await tmdb.Client.SearchMoviesAsync("nemo");
        await tmdb.Client.SearchMoviesAsync("dune");
        tmdb.Clock.Advance(TmdbResilience.BreakDuration + TimeSpan.FromSeconds(1));

        var probe = await tmdb.Client.SearchMoviesAsync("coco");
        var afterProbe = await tmdb.Client.SearchMoviesAsync("toy story");

        Assert.Equal(TmdbProblemKind.Unavailable, probe.Problem?.Kind);
        Assert.Equal(TmdbProblemKind.Unavailable, afterProbe.Problem?.Kind);
        Assert.Equal(7, tmdb.Fake.CountRequests(Search)); // only the probe reached TMDB
    }

    [Fact]
    public async Task Rate_limits_do_not_open_the_circuit_so_each_search_says_how_long_to_wait()
    {
        await using var once = await TmdbHarness.StartAsync(("Tmdb:MaxRetries", "0"));
        once.Fake.RateLimitNext(100, retryAfterSeconds: 120);

        foreach (var query in new[] { "nemo", "dune", "coco", "toy story" })
            Assert.Equal("TMDB is busy; try again in 120 seconds.", (await once.Client.SearchMoviesAsync(query)).Problem?.Message);

        Assert.Equal(4, once.Fake.CountRequests(Search));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryAfter_is_not_waited_out()
    {
        await using var patient = await TmdbHarness.StartAsync(("Tmdb:MaxRetryAfter", "00:00:02"));
        patient.Fake.RateLimitNext(1, retryAfterSeconds: 30);
        var clock = Stopwatch.StartNew();

        var result = await patient.Client.SearchMoviesAsync("coco");

        Assert.Equal("TMDB is busy; try again in 30 seconds.", result.Problem?.Message);
        Assert.Equal(1, patient.Fake.CountRequests(Search));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task With_MaxRetries_zero_a_503_is_reported_after_one_try()
    {
        await using var once = await TmdbHarness.StartAsync(("Tmdb:MaxRetries", "0"));
        once.Fake.ServeHtmlErrorNext(1);

        var result = await once.Client.SearchMoviesAsync("nemo");

        Assert.Equal(TmdbProblemKind.Unavailable, result.Problem?.Kind);
        Assert.Equal(1, once.Fake.CountRequests(Search));
    }

    [Fact]
    public void A_Retry_After_date_is_read_against_the_injected_clock()
    {
        var clock = new TestClock(new DateTimeOffset(2031, 3, 14, 20, 0, 0, TimeSpan.Zero));
        using var later = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        later.Headers.RetryAfter = new(clock.GetUtcNow().AddSeconds(40));
        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.RetryAfter = new(clock.GetUtcNow().AddSeconds(-5));
        using var delta = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        delta.Headers.RetryAfter = new(TimeSpan.FromSeconds(7));
        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(40), TmdbResilience.RetryAfter(later, clock));
        Assert.Equal(TimeSpan.Zero, TmdbResilience.RetryAfter(past, clock));
        Assert.Equal(TimeSpan.FromSeconds(7), TmdbResilience.RetryAfter(delta, clock));
        Assert.Null(TmdbResilience.RetryAfter(none, clock));
    }

    [Theory]
    [InlineData("00:00:04", 2, "00:00:00.500", "00:00:05", 22)] // the defaults: 3 tries of 4 s, 2 waits of up to 5 s
    [InlineData("00:00:04", 0, "00:00:00.500", "00:00:05", 4)]
    public void The_total_timeout_is_the_longest_the_tries_and_waits_can_take(
        string attemptTimeout, int maxRetries, string retryBaseDelay, string maxRetryAfter, int seconds)
    {
        var options = new TmdbOptions
        {
            AttemptTimeout = TimeSpan.Parse(attemptTimeout), MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.Parse(retryBaseDelay), MaxRetryAfter = TimeSpan.Parse(maxRetryAfter),
        };

        Assert.Equal(TimeSpan.FromSeconds(seconds), TmdbResilience.TotalTimeout(options));
    }
}
