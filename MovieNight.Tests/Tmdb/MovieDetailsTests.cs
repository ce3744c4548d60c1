using Dapper;
using MovieNight.Web.Tmdb;

namespace MovieNight.Tests.Tmdb;

public sealed class MovieDetailsTests : IAsyncLifetime
{
    private const string Inception = "/3/movie/27205";
    private TmdbHarness tmdb = null!;

    public async Task InitializeAsync() => tmdb = await TmdbHarness.StartAsync();
    public async Task DisposeAsync() => await tmdb.DisposeAsync();

    [Fact]
    public async Task Details_include_imdb_id_backdrop_and_runtime()
    {
        var result = await tmdb.Client.GetMovieAsync(27205);

        Assert.True(result.Succeeded);
        var movie = result.Value;
        Assert.Equal(("Inception", 2010, "tt1375666", 148), (movie.Title, movie.Year, movie.ImdbId, movie.RuntimeMinutes));
        Assert.Equal("/8ZTVqvKDQ8emSGUEMjsS4yHAwrp.jpg", movie.BackdropPath);
        Assert.Equal(tmdb.Clock.GetUtcNow(), movie.FetchedAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task An_announced_movie_has_no_year_rating_or_runtime_rather_than_zeroes()
    {
        var movie = (await tmdb.Client.GetMovieAsync(999001)).Value!;

        Assert.Equal((null, null, null, null), (movie.Year, movie.Rating, movie.RuntimeMinutes, movie.PosterPath));
    }

    [Fact]
    public async Task Details_are_fetched_once_and_then_read_from_the_movies_table()
    {
        await tmdb.Client.GetMovieAsync(27205);
        tmdb.Clock.Advance(TimeSpan.FromHours(23));
        var again = await tmdb.Client.GetMovieAsync(27205);

        Assert.Equal("Inception", again.Value!.Title);
        Assert.Equal(1, tmdb.Fake.CountRequests(Inception));
        await using var connection = tmdb.Db.OpenConnection();
        Assert.Equal("Inception", await connection.ExecuteScalarAsync<string>("SELECT title FROM movies WHERE tmdb_id = 27205"));
    }

    [Fact]
    public async Task Details_older_than_a_day_are_fetched_again()
    {
        await tmdb.Client.GetMovieAsync(27205);
        tmdb.Clock.Advance(TimeSpan.FromHours(25));

        var refreshed = await tmdb.Client.GetMovieAsync(27205);

        Assert.Equal(2, tmdb.Fake.CountRequests(Inception));
        Assert.Equal(tmdb.Clock.GetUtcNow(), refreshed.Value!.FetchedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(refreshed.Value, await tmdb.Movies.FindAsync(27205));
    }

    [Fact]
    public async Task Old_details_are_served_while_TMDB_is_down()
    {
        var fresh = (await tmdb.Client.GetMovieAsync(155)).Value!;
        tmdb.Clock.Advance(TimeSpan.FromDays(3));
        await tmdb.Fake.DisposeAsync();

        var stale = await tmdb.Client.GetMovieAsync(155);

        Assert.True(stale.Succeeded);
        Assert.Equal(fresh, stale.Value);
    }

    [Fact]
    public async Task Old_details_are_served_while_TMDB_serves_error_pages()
    {
        await tmdb.Client.GetMovieAsync(155);
        tmdb.Clock.Advance(TimeSpan.FromDays(2));
        tmdb.Fake.ServeHtmlErrorNext(100);

        var stale = await tmdb.Client.GetMovieAsync(155);

        Assert.Equal("The Dark Knight", stale.Value!.Title);
    }

    [Fact]
    public async Task An_unknown_movie_is_a_not_found_problem()
    {
        var result = await tmdb.Client.GetMovieAsync(424242);

        Assert.Equal(TmdbProblemKind.NotFound, result.Problem?.Kind);
        Assert.Equal("TMDB has no movie with id 424242.", result.Problem?.Message);
        Assert.Null(await tmdb.Movies.FindAsync(424242));
    }

    [Fact]
    public async Task A_404_error_page_that_is_not_TMDBs_is_not_mistaken_for_a_missing_movie()
    {
        tmdb.Fake.ServeHtmlErrorNext(1, status: 404);

        var result = await tmdb.Client.GetMovieAsync(27205);

        Assert.Equal(TmdbProblemKind.Unavailable, result.Problem?.Kind);
    }

    [Fact]
    public async Task Without_a_credential_a_cached_movie_is_still_served_and_others_say_what_to_configure()
    {
        await using var unconfigured = await TmdbHarness.StartAsync(("TMDB_API_KEY", null));
        await unconfigured.Movies.SaveAsync(new TmdbMovie(603, "The Matrix", 1999, "/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg", null, null, 8.2, null, null,
            unconfigured.Clock.GetUtcNow().AddDays(-30)));

        var cached = await unconfigured.Client.GetMovieAsync(603);
        var unknown = await unconfigured.Client.GetMovieAsync(862);

        Assert.Equal("The Matrix", cached.Value!.Title);
        Assert.Equal(TmdbProblemKind.NotConfigured, unknown.Problem?.Kind);
        Assert.Empty(unconfigured.Fake.Requests);
    }
}
