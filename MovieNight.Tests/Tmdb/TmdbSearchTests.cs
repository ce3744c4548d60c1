using MovieNight.Tests.Fakes;

namespace MovieNight.Tests.Tmdb;

public sealed class TmdbSearchTests : IAsyncLifetime
{
    private TmdbHarness tmdb = null!;

    public async Task InitializeAsync() => tmdb = await TmdbHarness.StartAsync();
    public async Task DisposeAsync() => await tmdb.DisposeAsync();

    [Fact]
    public async Task Search_returns_TMDB_hits_with_year_poster_rating_and_overview()
    {
        var result = await tmdb.Client.SearchMoviesAsync("inception");

        Assert.True(result.Succeeded);
        var inception = Assert.Single(result.Value);
        Assert.Equal(27205, inception.TmdbId);
        Assert.Equal("Inception", inception.Title);
        Assert.Equal(2010, inception.Year);
        Assert.Equal("/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg", inception.PosterPath);
        Assert.Equal(8.4, inception.Rating);
        Assert.StartsWith("A thief who steals secrets", inception.Overview);
    }

    [Fact]
    public async Task Search_keeps_TMDB_order_and_matches_accents_and_case()
    {
        var lordOfTheRings = await tmdb.Client.SearchMoviesAsync("LORD of the rings");
        var amelie = await tmdb.Client.SearchMoviesAsync("amelie");

        Assert.Equal(new[] { 122, 120 }, lordOfTheRings.Value!.Select(m => m.TmdbId));
        Assert.Equal("Amélie", Assert.Single(amelie.Value!).Title);
    }

    [Fact]
    public async Task A_movie_without_a_release_date_poster_or_votes_has_no_year_poster_or_rating()
    {
        var result = await tmdb.Client.SearchMoviesAsync("untitled pixar");

        var untitled = Assert.Single(result.Value!);
        Assert.Null(untitled.Year);
        Assert.Null(untitled.PosterPath);
        Assert.Null(untitled.Rating);
    }

    [Fact]
    public async Task Search_sends_the_v3_key_as_api_key_and_identifies_as_MovieNight()
    {
        await tmdb.Client.SearchMoviesAsync("coco");

        var request = Assert.Single(tmdb.Fake.Requests);
        Assert.Equal("/3/search/movie", request.Path);
        Assert.Contains($"api_key={FakeTmdbServer.ApiKey}", request.Query);
        Assert.Equal("MovieNight/1.0", request.UserAgent);
        Assert.True(request.Authorized);
    }

    [Fact]
    public async Task Search_with_a_v4_read_token_sends_it_as_a_bearer_header()
    {
        await using var v4 = await TmdbHarness.StartAsync(("TMDB_API_KEY", null), ("TMDB_READ_TOKEN", FakeTmdbServer.ReadToken));

        var result = await v4.Client.SearchMoviesAsync("spirited away");

        Assert.Equal(129, Assert.Single(result.Value!).TmdbId);
        var request = Assert.Single(v4.Fake.Requests);
        Assert.True(request.Authorized);
        Assert.DoesNotContain("api_key", request.Query);
    }

    [Fact]
    public async Task Searching_the_same_words_again_is_answered_from_the_cache()
    {
        var first = await tmdb.Client.SearchMoviesAsync("The Matrix");
        var second = await tmdb.Client.SearchMoviesAsync("  the   MATRIX ");

        Assert.Equal(first.Value, second.Value);
        Assert.Equal(1, tmdb.Fake.CountRequests("/3/search/movie"));
    }

    [Fact]
    public async Task A_failed_search_is_not_cached()
    {
        tmdb.Fake.ServeHtmlErrorNext(10);
        Assert.False((await tmdb.Client.SearchMoviesAsync("toy story")).Succeeded);
        tmdb.Fake.ClearFailures();

        var retried = await tmdb.Client.SearchMoviesAsync("toy story");

        Assert.Equal(862, Assert.Single(retried.Value!).TmdbId);
    }

    [Fact]
    public async Task A_blank_search_asks_TMDB_nothing()
    {
        var result = await tmdb.Client.SearchMoviesAsync("   ");

        Assert.Empty(result.Value!);
        Assert.Empty(tmdb.Fake.Requests);
    }

    [Fact]
    public async Task A_search_with_no_hits_is_an_empty_list_not_a_problem()
    {
        var result = await tmdb.Client.SearchMoviesAsync("no such film anywhere");

        Assert.True(result.Succeeded);
        Assert.Empty(result.Value);
    }

    [Fact]
    public async Task Without_a_credential_search_says_what_to_configure_and_calls_nobody()
    {
        await using var unconfigured = await TmdbHarness.StartAsync(("TMDB_API_KEY", null));

        var result = await unconfigured.Client.SearchMoviesAsync("inception");

        Assert.Equal("Set TMDB_API_KEY or TMDB_READ_TOKEN to search TMDB and show posters.", result.Problem?.Message);
        Assert.Empty(unconfigured.Fake.Requests);
    }
}
