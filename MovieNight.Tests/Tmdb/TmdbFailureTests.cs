using System.Diagnostics;
using MovieNight.Tests.Fakes;
using MovieNight.Web.Tmdb;

namespace MovieNight.Tests.Tmdb;

/// <summary>Everything TMDB does wrong ends as a problem with a message, never an exception.</summary>
public sealed class TmdbFailureTests : IAsyncLifetime
{
    private const string Search = "/3/search/movie";
    private TmdbHarness tmdb = null!;

    public async Task InitializeAsync() => tmdb = await TmdbHarness.StartAsync();
    public async Task DisposeAsync() => await tmdb.DisposeAsync();

    [Fact]
    public async Task A_refused_key_says_which_settings_to_check_and_is_not_retried()
    {
        await using var badKey = await TmdbHarness.StartAsync(("TMDB_API_KEY", "not-the-key"));

        var result = await badKey.Client.SearchMoviesAsync("inception");

        Assert.Equal(TmdbProblemKind.BadCredentials, result.Problem?.Kind);
        Assert.Equal("TMDB refused the API key: check TMDB_API_KEY / TMDB_READ_TOKEN.", result.Problem?.Message);
        Assert.Equal(1, badKey.Fake.CountRequests(Search));
    }

    [Fact]
    public async Task A_refused_read_token_gives_the_same_problem()
    {
        await using var badToken = await TmdbHarness.StartAsync(("TMDB_API_KEY", null), ("TMDB_READ_TOKEN", "expired-token"));

        var result = await badToken.Client.GetMovieAsync(27205);

        Assert.Equal(TmdbProblemKind.BadCredentials, result.Problem?.Kind);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_wait_TMDB_asked_for()
    {
        tmdb.Fake.RateLimitNext(1, retryAfterSeconds: 1);
        var clock = Stopwatch.StartNew();

        var result = await tmdb.Client.SearchMoviesAsync("coco");

        Assert.Equal(354912, Assert.Single(result.Value!).TmdbId);
        Assert.Equal(2, tmdb.Fake.CountRequests(Search));
        // The back-off alone would retry after about 10 ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_429_that_does_not_clear_says_TMDB_is_busy_and_when_to_try_again()
    {
        tmdb.Fake.RateLimitNext(100, retryAfterSeconds: 1);

        var result = await tmdb.Client.SearchMoviesAsync("coco");

        Assert.Equal("TMDB is busy; try again in 1 second.", result.Problem?.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), result.Problem?.RetryAfter);
        Assert.Equal(3, tmdb.Fake.CountRequests(Search)); // the first try and two retries
    }

    [Fact]
    public async Task A_429_asking_for_a_long_wait_is_reported_at_once()
    {
        tmdb.Fake.RateLimitNext(1, retryAfterSeconds: 120);

        var result = await tmdb.Client.SearchMoviesAsync("coco");

        Assert.Equal("TMDB is busy; try again in 120 seconds.", result.Problem?.Message);
        Assert.Equal(1, tmdb.Fake.CountRequests(Search));
    }

    [Fact]
    public async Task A_503_HTML_page_is_retried_then_reported_as_not_answering()
    {
        tmdb.Fake.ServeHtmlErrorNext(100);

        var result = await tmdb.Client.SearchMoviesAsync("nemo");

        Assert.Equal(TmdbProblemKind.Unavailable, result.Problem?.Kind);
        Assert.StartsWith("TMDB is not answering right now", result.Problem?.Message);
        Assert.Equal(3, tmdb.Fake.CountRequests(Search));
    }

    [Fact]
    public async Task A_single_503_is_retried_and_the_member_never_notices()
    {
        tmdb.Fake.ServeHtmlErrorNext(1);

        var result = await tmdb.Client.SearchMoviesAsync("nemo");

        Assert.Equal(12, Assert.Single(result.Value!).TmdbId);
    }

    [Fact]
    public async Task An_HTML_page_served_with_200_is_a_problem_not_a_crash()
    {
        tmdb.Fake.ServeHtmlErrorNext(1, status: 200);

        var result = await tmdb.Client.SearchMoviesAsync("nemo");

        Assert.Equal(TmdbProblemKind.Unavailable, result.Problem?.Kind);
    }

    [Fact]
    public async Task A_TMDB_slower_than_the_timeout_is_reported_as_not_answering()
    {
        await using var impatient = await TmdbHarness.StartAsync(("Tmdb:AttemptTimeout", "00:00:00.200"), ("Tmdb:MaxRetries", "1"));
        impatient.Fake.Delay = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();

        var result = await impatient.Client.SearchMoviesAsync("dune");

        Assert.Equal(TmdbProblemKind.Unavailable, result.Problem?.Kind);
        Assert.Equal(2, impatient.Fake.CountRequests(Search));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"gave up after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_TMDB_that_refuses_connections_is_reported_as_not_answering()
    {
        await tmdb.Fake.DisposeAsync();

        var result = await tmdb.Client.SearchMoviesAsync("dune");

        Assert.Equal(TmdbProblemKind.Unavailable, result.Problem?.Kind);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_not_turned_into_a_problem()
    {
        tmdb.Fake.Delay = TimeSpan.FromSeconds(1);
        using var leaving = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tmdb.Client.SearchMoviesAsync("dune", leaving.Token));
    }

    [Fact]
    public async Task Neither_the_key_nor_the_token_is_ever_logged()
    {
        await using var v4 = await TmdbHarness.StartAsync(("TMDB_API_KEY", null), ("TMDB_READ_TOKEN", FakeTmdbServer.ReadToken));
        tmdb.Fake.ServeHtmlErrorNext(1);
        v4.Fake.ServeHtmlErrorNext(1);

        await tmdb.Client.SearchMoviesAsync("inception");
        await tmdb.Client.GetMovieAsync(424242);
        await v4.Client.SearchMoviesAsync("inception");

        Assert.Contains(tmdb.Logs, line => line.Contains("/search/movie"));
        Assert.DoesNotContain(tmdb.Logs, line => line.Contains(FakeTmdbServer.ApiKey));
        Assert.Contains(v4.Logs, line => line.Contains("/search/movie"));
        Assert.DoesNotContain(v4.Logs, line => line.Contains(FakeTmdbServer.ReadToken));
    }
}
