using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MovieNight.Tests.Fakes;

/// <summary>One request the fake saw: tests count them to prove caching and retries.</summary>
public sealed record FakeTmdbRequest(string Path, string Query, string? UserAgent, bool Authorized);

/// <summary>A movie in the fake's catalogue (real TMDB ids, titles and dates; overviews in our own words).</summary>
public sealed record FakeTmdbMovie(
    int Id, string Title, string ReleaseDate, string? PosterPath, string? BackdropPath, double VoteAverage, int VoteCount,
    double Popularity, string? ImdbId, int? Runtime, string Overview);

/// <summary>
/// TMDB v3 as a real HTTP server on 127.0.0.1 (a free port): search with TMDB's pagination shape,
/// movie details, configuration, v3 key or v4 token auth with TMDB's 401 body, and switches for
/// the failures the real service has (429 with Retry-After, an HTML 503 from its edge, slowness).
/// </summary>
public sealed class FakeTmdbServer : IAsyncDisposable
{
    public const string ApiKey = "fake-tmdb-v3-key";
    public const string ReadToken = "fake-tmdb-v4-read-token";
    private const int PageSize = 20;

    private readonly WebApplication app;
    private readonly ConcurrentQueue<FakeTmdbRequest> requests = new();
    private int rateLimitedLeft, retryAfterSeconds, htmlErrorsLeft, htmlErrorStatus, disposed;

    private FakeTmdbServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Loopback only, never another address.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Use(HandleAsync);
        app.MapGet("/3/search/movie", Search);
        app.MapGet("/3/movie/{id}", Details);
        app.MapGet("/3/configuration", Configuration);
        app.MapFallback(() => NotFound());
    }

    /// <summary>The API root the client is pointed at, e.g. http://127.0.0.1:41234/3.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>How long every answer waits (slow TMDB); zero by default.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Searches whose query contains this text wait <see cref="SlowSearchDelay"/> (one slow query among fast ones).</summary>
    public string? SlowSearchFor { get; set; }
    public TimeSpan SlowSearchDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Movie details answer with an HTML 503 (search still works), as during a partial outage.</summary>
    public bool FailDetails { get; set; }

    /// <summary>Requests the client gave up on before the answer (a replaced search, a timeout).</summary>
    public IReadOnlyList<FakeTmdbRequest> Abandoned => abandoned.ToArray();
    private readonly ConcurrentQueue<FakeTmdbRequest> abandoned = new();

    public IReadOnlyList<FakeTmdbRequest> Requests => requests.ToArray();

    /// <summary>How many requests reached a path such as "/3/search/movie" (failed ones included).</summary>
    public int CountRequests(string path) => requests.Count(r => r.Path == path);

    public static async Task<FakeTmdbServer> StartAsync()
    {
        var server = new FakeTmdbServer();
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = $"{address.TrimEnd('/')}/3";
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests get 429 with Retry-After (as TMDB's rate limit does).</summary>
    public void RateLimitNext(int count, int retryAfterSeconds = 1)
    {
        Volatile.Write(ref this.retryAfterSeconds, retryAfterSeconds);
        Volatile.Write(ref rateLimitedLeft, count);
    }

    /// <summary>The next <paramref name="count"/> requests get an HTML error page, as TMDB's CDN serves during outages.</summary>
    public void ServeHtmlErrorNext(int count, int status = 503)
    {
        Volatile.Write(ref htmlErrorStatus, status);
        Volatile.Write(ref htmlErrorsLeft, count);
    }

    public void ClearFailures()
    {
        Volatile.Write(ref rateLimitedLeft, 0);
        Volatile.Write(ref htmlErrorsLeft, 0);
        Delay = TimeSpan.Zero;
        SlowSearchFor = null;
        FailDetails = false;
    }

    /// <summary>Stops answering: requests are then refused, like a TMDB that is down. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var authorized = request.Query["api_key"] == ApiKey || request.Headers.Authorization == $"Bearer {ReadToken}";
        var seen = new FakeTmdbRequest(request.Path, request.QueryString.Value ?? "", request.Headers.UserAgent, authorized);
        requests.Enqueue(seen);
        try
        {
            var delay = SlowSearchFor is { Length: > 0 } slow && request.Path == "/3/search/movie"
                && (request.Query["query"].ToString()).Contains(slow, StringComparison.OrdinalIgnoreCase) ? SlowSearchDelay : Delay;
            if (delay > TimeSpan.Zero) await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            abandoned.Enqueue(seen);
            return; // the client gave up waiting
        }

        if (TakeOne(ref rateLimitedLeft))
        {
            context.Response.Headers.RetryAfter = Volatile.Read(ref retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
            await Results.Json(new { status_code = 25, status_message = "Your request count (41) is over the allowed limit of (40).", success = false },
                statusCode: 429).ExecuteAsync(context);
            return;
        }
        var failDetails = FailDetails && request.Path.StartsWithSegments("/3/movie");
        if (failDetails || TakeOne(ref htmlErrorsLeft))
        {
            var status = failDetails ? 503 : Volatile.Read(ref htmlErrorStatus);
            await Results.Content($"<html><head><title>{status} Service Temporarily Unavailable</title></head><body><center><h1>{status} Service Temporarily Unavailable</h1></center><hr><center>openresty</center></body></html>",
                "text/html", statusCode: status).ExecuteAsync(context);
            return;
        }
        if (!authorized)
        {
            await Results.Json(new { status_code = 7, status_message = "Invalid API key: You must be granted a valid key.", success = false },
                statusCode: 401).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static bool TakeOne(ref int counter)
    {
        while (true)
        {
            var left = Volatile.Read(ref counter);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref counter, left - 1, left) == left) return true;
        }
    }

    private static IResult Search(string? query, string? page)
    {
        var pageNumber = 1;
        if (page is not null && (!int.TryParse(page, out pageNumber) || pageNumber is < 1 or > 500))
            return Results.Json(new { success = false, status_code = 22, status_message = "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer." },
                statusCode: 400);
        var words = (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var matches = words.Length == 0
            ? []
            : Catalogue.Where(m => words.All(w => Contains(m.Title, w))).OrderByDescending(m => m.Popularity).ToList();
        var results = matches.Skip((pageNumber - 1) * PageSize).Take(PageSize).Select(m => new
        {
            adult = false, backdrop_path = m.BackdropPath, genre_ids = new[] { 18 }, id = m.Id, original_language = "en",
            original_title = m.Title, overview = m.Overview, popularity = m.Popularity, poster_path = m.PosterPath,
            release_date = m.ReleaseDate, title = m.Title, video = false, vote_average = m.VoteAverage, vote_count = m.VoteCount,
        });
        return Results.Json(new
        {
            page = pageNumber, results,
            total_pages = Math.Max(1, (matches.Count + PageSize - 1) / PageSize), total_results = matches.Count,
        });
    }

    private static IResult Details(string id) =>
        int.TryParse(id, out var tmdbId) && Catalogue.FirstOrDefault(m => m.Id == tmdbId) is { } m
            ? Results.Json(new
            {
                adult = false, backdrop_path = m.BackdropPath, belongs_to_collection = (object?)null, budget = 0,
                genres = new[] { new { id = 18, name = "Drama" } }, homepage = "", id = m.Id, imdb_id = m.ImdbId,
                original_language = "en", original_title = m.Title, overview = m.Overview, popularity = m.Popularity,
                poster_path = m.PosterPath, release_date = m.ReleaseDate, revenue = 0, runtime = m.Runtime ?? 0,
                status = m.ReleaseDate == "" ? "In Production" : "Released", tagline = "", title = m.Title, video = false,
                vote_average = m.VoteAverage, vote_count = m.VoteCount,
            })
            : NotFound();

    private static IResult Configuration() => Results.Json(new
    {
        images = new
        {
            base_url = "http://image.tmdb.org/t/p/",
            secure_base_url = "https://image.tmdb.org/t/p/",
            backdrop_sizes = new[] { "w300", "w780", "w1280", "original" },
            logo_sizes = new[] { "w45", "w92", "w154", "w185", "w300", "w500", "original" },
            poster_sizes = new[] { "w92", "w154", "w185", "w342", "w500", "w780", "original" },
            profile_sizes = new[] { "w45", "w185", "h632", "original" },
            still_sizes = new[] { "w92", "w185", "w300", "original" },
        },
        change_keys = new[] { "images", "overview", "release_dates", "title" },
    });

    private static IResult NotFound() =>
        Results.Json(new { success = false, status_code = 34, status_message = "The resource you requested could not be found." }, statusCode: 404);

    // TMDB matches "amelie" to "Amélie" and ignores case.
    private static bool Contains(string title, string word) =>
        CultureInfo.InvariantCulture.CompareInfo.IndexOf(title, word, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;

    public static IReadOnlyList<FakeTmdbMovie> Catalogue { get; } =
    [
        new(27205, "Inception", "2010-07-15", "/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg", "/8ZTVqvKDQ8emSGUEMjsS4yHAwrp.jpg", 8.4, 37000, 98.1, "tt1375666", 148,
            "A thief who steals secrets from people's dreams is offered one last job: planting an idea instead of taking one."),
        new(155, "The Dark Knight", "2008-07-16", "/qJ2tW6WMUDux911r6m7haRef0WH.jpg", "/nMKdUUepR0i5zn0y1T4CsSB5chy.jpg", 8.5, 33000, 120.4, "tt0468569", 152,
            "Batman, Gordon and a new district attorney take on Gotham's mob until a grinning anarchist starts setting the rules."),
        new(354912, "Coco", "2017-10-27", "/gGEsBPAijhVUFoiNpgZXqRVWJt2.jpg", "/askg3SMvhqEl4OL52YuvdtY40Yb.jpg", 8.2, 19000, 85.6, "tt2380307", 105,
            "A boy who dreams of music follows a guitar into the Land of the Dead to learn why his family banned songs."),
        new(12, "Finding Nemo", "2003-05-30", "/eHuGQ10FUzK1mdOY69wF5pGgEf5.jpg", "/h3uqFk7sZHQ6Tq2xfIBpCH4zQFn.jpg", 7.8, 19500, 70.2, "tt0266543", 100,
            "An anxious clownfish crosses the ocean, with a forgetful blue tang for company, to bring his son home."),
        new(862, "Toy Story", "1995-11-22", "/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg", "/3Rfvhy1Nl6sSGJwyjb0QiZzZYlB.jpg", 8.0, 18000, 90.3, "tt0114709", 81,
            "A pull-string cowboy doll feels replaced when a shiny space ranger arrives on his owner's birthday."),
        new(671, "Harry Potter and the Philosopher's Stone", "2001-11-16", "/wuMc08IPKEatf9rnMNXvIDxqP4W.jpg", "/hziiv14OpD73u9gAak4XDDfBKa2.jpg", 7.9, 27000, 150.7, "tt0241527", 152,
            "On his eleventh birthday an orphan learns he is a wizard and leaves his cupboard for a school of magic."),
        new(129, "Spirited Away", "2001-07-20", "/39wmItIWsg5sZMyRUHLkWBcuVCM.jpg", "/bSXfU4dwZyBA1vMmXvejdRXBvuF.jpg", 8.5, 16500, 80.9, "tt0245429", 125,
            "A sullen girl must work in a bathhouse for spirits to free her parents, who were turned into pigs."),
        new(603, "The Matrix", "1999-03-31", "/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg", "/ncEsesgOJDNrTUED89hYbA117wo.jpg", 8.2, 25500, 95.0, "tt0133093", 136,
            "A hacker learns that the world he knows is a simulation and joins the rebels fighting the machines that run it."),
        new(122, "The Lord of the Rings: The Return of the King", "2003-12-17", "/rCzpDGLbOoPwLjy3OAm5NUPOTrC.jpg", "/2u7zbn8EudG6kLlBzUYqP8RyFU4.jpg", 8.5, 24500, 110.2, "tt0167260", 201,
            "Two hobbits near the fiery mountain while their friends rally the armies of the west for a last stand."),
        new(120, "The Lord of the Rings: The Fellowship of the Ring", "2001-12-18", "/6oom5QYQ2yQTMJIbnvbkBL9cHo6.jpg", "/x2RS3uTcsJJ9IfjNPcgDmukoEcQ.jpg", 8.4, 26000, 105.8, "tt0120737", 179,
            "A quiet hobbit inherits a dangerous ring and sets out with eight companions to destroy it."),
        new(680, "Pulp Fiction", "1994-09-10", "/d5iIlFn5s0ImszYzBPb8JPIfbXD.jpg", "/suaEOtk1N1sgg2MTM7oZd2cfVp3.jpg", 8.5, 28000, 75.4, "tt0110912", 154,
            "Hitmen, a boxer, a gangster's wife and two diner robbers cross paths across a few days in Los Angeles."),
        new(496243, "Parasite", "2019-05-30", "/7IiTTgloJzvGI1TAYymCfbfl3vT.jpg", "/TU9NIjwzjoKPwQHoHshkFcQUCG.jpg", 8.5, 18500, 88.8, "tt6751668", 133,
            "A poor family talks its way, one job at a time, into the household of a wealthy one."),
        new(10681, "WALL·E", "2008-06-22", "/hbhFnRzzg6ZDmm8YAmxBnQpQIPh.jpg", "/fK5ssgvtI43z19FoWigdlqgpLRE.jpg", 8.1, 18000, 65.3, "tt0910970", 98,
            "The last trash-compacting robot on an empty Earth falls for a sleek probe and follows her into space."),
        new(157336, "Interstellar", "2014-11-05", "/gEU2QniE6E77NI6lCU6MxlNBvIx.jpg", "/xJHokMbljvjADYdit5fK5VQsXEG.jpg", 8.4, 35000, 130.6, "tt0816692", 169,
            "With crops failing on Earth, a former pilot leaves his children to search beyond a wormhole for a new home."),
        new(194, "Amélie", "2001-04-25", "/nSxDa3M9aMvGVLoItzWTepQ5h5d.jpg", "/2D5DvRkrt8o2wdcNeCrE5r2iM9x.jpg", 7.9, 11000, 40.1, "tt0211915", 122,
            "A shy Paris waitress quietly meddles in her neighbours' lives to make them happier, and forgets her own."),
        new(278, "The Shawshank Redemption", "1994-09-23", "/q6y0Go1tsGEsmtFryDOJo3dEmqu.jpg", "/kXfqcdQKsToO0OUXHcrrNCHDBzO.jpg", 8.7, 27500, 140.9, "tt0111161", 142,
            "A banker sentenced for a crime he denies finds friendship and patience over two decades in prison."),
        new(8587, "The Lion King", "1994-06-24", "/sKCr78MXSLixwmZ8DyJLrpMsd15.jpg", "/wXsQvli6tWqja51pYxXNG1LFIGV.jpg", 8.3, 18000, 85.0, "tt0110357", 89,
            "A lion cub runs from his kingdom after his father's death and must return to claim it from his uncle."),
        new(13, "Forrest Gump", "1994-06-23", "/arw2vcBveWOVZr6pxd9XTd1TdQa.jpg", "/qdIMHd4sEfJSckfVJfKQvisL02a.jpg", 8.5, 27500, 95.5, "tt0109830", 142,
            "A kind man with a simple outlook drifts through decades of American history while waiting for his sweetheart."),
        new(438631, "Dune", "2021-09-15", "/d5NXSklXo0qyIYkgV94XAgMIckC.jpg", "/jYEW5xZkZk2WTrdbMGAPFuBqbDc.jpg", 7.8, 12000, 115.2, "tt1160419", 155,
            "The heir of a noble house is sent with his family to rule a desert planet that everyone else wants too."),
        new(105, "Back to the Future", "1985-07-03", "/fNOH9f1aA7XRTzl1sAOx9iF553Q.jpg", "/5bzPWQ2dFUl2aZKkp7ILJVVkRed.jpg", 8.3, 20000, 60.7, "tt0088763", 116,
            "A teenager is sent thirty years into the past in a scientist's car and has to get his parents together."),
        new(585, "Monsters, Inc.", "2001-11-01", "/sgheSKxZkttIe8ONsf2sWXPgip3.jpg", "/wwemzKWzjKYJFfCeiB57q3r4Bcm.jpg", 7.8, 18500, 72.4, "tt0198781", 92,
            "The top scarer at a company that powers its city with children's screams lets a little girl in by mistake."),
        // TMDB lists announced films with no date, poster, rating or runtime; clients must cope.
        new(999001, "Untitled Pixar Animation Project", "", null, null, 0, 0, 5.0, null, null,
            "An upcoming film from Pixar Animation Studios."),
    ];
}
