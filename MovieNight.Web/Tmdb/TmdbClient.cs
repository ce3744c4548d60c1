using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MovieNight.Web.Tmdb;

/// <summary>
/// TMDB v3: movie search (cached in memory for a few minutes) and movie details (cached in the
/// movies table for a day, served stale while TMDB is down). Every failure comes back as a
/// <see cref="TmdbProblem"/>; only the caller's own cancellation throws. Retries, timeouts and the
/// circuit breaker live in the HttpClient's resilience handler (<see cref="TmdbResilience"/>).
/// </summary>
public sealed class TmdbClient(
    HttpClient http, TmdbCredentials credentials, MovieCache movies, IMemoryCache memory,
    IOptions<TmdbOptions> options, TimeProvider time, ILogger<TmdbClient> logger)
{
    private const int MaxQueryLength = 100;

    public async Task<TmdbResult<IReadOnlyList<TmdbSearchResult>>> SearchMoviesAsync(string? query, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizeQuery(query);
        if (normalized.Length == 0) return TmdbResult<IReadOnlyList<TmdbSearchResult>>.From(Array.Empty<TmdbSearchResult>());
        var cacheKey = $"tmdb-search:{normalized}";
        if (memory.TryGetValue(cacheKey, out IReadOnlyList<TmdbSearchResult>? cached) && cached is not null)
            return TmdbResult<IReadOnlyList<TmdbSearchResult>>.From(cached);

        var result = await GetJsonAsync<TmdbJson.SearchPage>(
            $"search/movie?query={Uri.EscapeDataString(normalized)}&include_adult=false&page=1", null, cancellationToken);
        if (!result.Succeeded) return result.Problem;

        IReadOnlyList<TmdbSearchResult> results = (result.Value.Results ?? []).Select(TmdbJson.ToResult).ToList();
        memory.Set(cacheKey, results, new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = options.Value.SearchCacheDuration,
            Size = 1, // counts only if the app ever sets a SizeLimit on the shared cache
        });
        return TmdbResult<IReadOnlyList<TmdbSearchResult>>.From(results);
    }

    public async Task<TmdbResult<TmdbMovie>> GetMovieAsync(int tmdbId, CancellationToken cancellationToken = default)
    {
        var cached = await movies.FindAsync(tmdbId);
        if (cached is not null && time.GetUtcNow() - cached.FetchedAt < options.Value.MovieMaxAge)
            return cached;

        var result = await GetJsonAsync<TmdbJson.MovieDetails>($"movie/{tmdbId}", tmdbId, cancellationToken);
        if (!result.Succeeded)
        {
            // Yesterday's poster and overview beat an error message on a movie card. A row known only by its
            // title (MovieCache.RememberTitleAsync: epoch fetched_at, no details) is not details.
            if (cached is not null && cached.FetchedAt > DateTimeOffset.UnixEpoch)
            {
                logger.LogInformation("Serving cached details of TMDB movie {TmdbId} from {FetchedAt}: {Problem}", tmdbId, cached.FetchedAt, result.Problem.Kind);
                return cached;
            }
            return result.Problem;
        }

        var movie = TmdbJson.ToMovie(result.Value, WholeMilliseconds(time.GetUtcNow()));
        await movies.SaveAsync(movie);
        return movie;
    }

    // The movies table keeps milliseconds; a fresh answer must equal the same row read back later.
    private static DateTimeOffset WholeMilliseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>Trimmed, inner whitespace collapsed, lower case: "  The  Matrix" and "the matrix" share a cache entry.</summary>
    public static string NormalizeQuery(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return "";
        var words = query.Normalize().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var normalized = string.Join(' ', words).ToLowerInvariant();
        return normalized.Length <= MaxQueryLength ? normalized : normalized[..MaxQueryLength].TrimEnd();
    }

    /// <param name="movieId">Set when a 404 means "no such movie" rather than a wrong base URL.</param>
    private async Task<TmdbResult<T>> GetJsonAsync<T>(string pathAndQuery, int? movieId, CancellationToken cancellationToken) where T : class
    {
        var credential = await credentials.GetAsync(cancellationToken);
        if (credential is null) return TmdbProblem.NotConfigured;
        var path = pathAndQuery.Split('?')[0];
        try
        {
            // The resilience handler sends this same message on every try; a GET without content can be.
            using var request = credential.CreateGet(pathAndQuery);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);

            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<T>(TmdbJson.Options, cancellationToken);
                if (body is not null) return TmdbResult<T>.From(body);
                logger.LogWarning("TMDB answered {Path} with an empty body", path);
                return TmdbProblem.Unavailable;
            }
            return await ProblemFromAsync(response, path, movieId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the member went away; nobody is waiting for a message
        }
        catch (BrokenCircuitException)
        {
            // TMDB failed repeatedly a moment ago; answering at once beats waiting out the timeouts again.
            logger.LogInformation("Not asking TMDB for {Path}: it failed repeatedly and the circuit is open", path);
            return TmdbProblem.Unavailable;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or OperationCanceledException or JsonException)
        {
            // JsonException: an HTML page (proxy, captive portal, maintenance) where JSON should be.
            logger.LogWarning("TMDB did not answer {Path}: {Error}", path, e.Message);
            return TmdbProblem.Unavailable;
        }
    }

    private async Task<TmdbProblem> ProblemFromAsync(HttpResponseMessage response, string path, int? movieId, CancellationToken cancellationToken)
    {
        // A missing movie is an answer, not a fault.
        logger.Log(response.StatusCode == HttpStatusCode.NotFound ? LogLevel.Information : LogLevel.Warning,
            "TMDB answered {Path} with {Status}", path, (int)response.StatusCode);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                return TmdbProblem.BadCredentials;
            case HttpStatusCode.TooManyRequests:
                return TmdbProblem.Busy(TmdbResilience.RetryAfter(response, time) ?? TimeSpan.FromSeconds(10));
            case HttpStatusCode.NotFound when movieId is { } id && await IsTmdbNotFoundAsync(response, cancellationToken):
                return TmdbProblem.MovieNotFound(id);
            default:
                return TmdbProblem.Unavailable;
        }
    }

    // TMDB's own 404 carries status_code 34; any other 404 means the base URL points somewhere else.
    private static async Task<bool> IsTmdbNotFoundAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var status = await response.Content.ReadFromJsonAsync<TmdbJson.Status>(TmdbJson.Options, cancellationToken);
            return status?.StatusCode == 34;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
