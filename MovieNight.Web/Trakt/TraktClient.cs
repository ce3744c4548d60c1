using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MovieNight.Web.Trakt;

/// <summary>
/// Trakt's API (api.trakt.tv) on a member's behalf: the required headers, the member's token
/// (refreshed once on a 401), our own rate limits, pages followed to the last one, and every
/// failure mapped to a <see cref="TraktProblem"/>. Retries, timeouts and the circuit breaker are
/// the HttpClient's resilience handler (see TraktServices). Only the caller's own cancellation throws.
/// </summary>
public sealed class TraktClient(HttpClient http, TraktTokens tokens, TraktCredentials credentials, TraktRateLimits limits, TimeProvider time,
    ILogger<TraktClient> logger)
{
    /// <summary>The largest page Trakt serves (clamped to 250 since mid-2026).</summary>
    public const int PageSize = 250;
    private const int MaxPages = 2000;

    public Task<TraktResult<TraktJson.UserSettings>> GetUserSettingsAsync(long memberId, CancellationToken cancellationToken = default) =>
        GetAsync<TraktJson.UserSettings>(memberId, "users/settings", cancellationToken);

    /// <summary>For a token that is not stored yet (while linking).</summary>
    public async Task<TraktResult<TraktJson.UserSettings>> GetUserSettingsAsync(TraktApp app, string accessToken, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await SendOnceAsync(app, accessToken, HttpMethod.Get, "users/settings", null, cancellationToken);
            return await ReadAsync<TraktJson.UserSettings>(response, "users/settings", cancellationToken);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            return Failed("users/settings", e);
        }
    }

    public async Task<TraktResult<T>> GetAsync<T>(long memberId, string pathAndQuery, CancellationToken cancellationToken = default)
    {
        var (response, problem) = await SendAsync(memberId, HttpMethod.Get, pathAndQuery, null, cancellationToken);
        if (problem is not null) return problem;
        using (response) return await ReadAsync<T>(response!, pathAndQuery, cancellationToken);
    }

    /// <summary>Every page of a paginated list, at the largest page size, until X-Pagination-Page-Count.</summary>
    public async Task<TraktResult<IReadOnlyList<T>>> GetAllPagesAsync<T>(long memberId, string path, CancellationToken cancellationToken = default)
    {
        var items = new List<T>();
        var read = await GetPagesAsync<T>(memberId, path, page => { items.AddRange(page); return Task.CompletedTask; }, cancellationToken);
        return read.Succeeded ? items : read.Problem;
    }

    /// <summary>What reading a paginated list came to: pages read, and how many items Trakt says the list holds (X-Pagination-Item-Count; else those read).</summary>
    public sealed record PagesRead(int Pages, int ItemCount);

    /// <summary>
    /// Hands each page of a paginated list to <paramref name="onPage"/> as it arrives (a long history is
    /// never held whole), at the largest page size, until X-Pagination-Page-Count.
    /// </summary>
    public async Task<TraktResult<PagesRead>> GetPagesAsync<T>(long memberId, string path, Func<IReadOnlyList<T>, Task> onPage,
        CancellationToken cancellationToken = default)
    {
        var separator = path.Contains('?') ? '&' : '?';
        var read = 0;
        for (var page = 1; page <= MaxPages; page++)
        {
            var pathAndQuery = $"{path}{separator}page={page}&limit={PageSize}";
            var (response, problem) = await SendAsync(memberId, HttpMethod.Get, pathAndQuery, null, cancellationToken);
            if (problem is not null) return problem;
            using (response)
            {
                var list = await ReadAsync<List<T>>(response!, pathAndQuery, cancellationToken);
                if (!list.Succeeded) return list.Problem;
                await onPage(list.Value);
                read += list.Value.Count;
                // No header: Trakt sent everything at once (an endpoint that is not paginated).
                if (!int.TryParse(Header(response!, "X-Pagination-Page-Count"), out var pageCount) || page >= pageCount)
                    return new PagesRead(page, int.TryParse(Header(response!, "X-Pagination-Item-Count"), out var count) ? count : read);
            }
        }
        logger.LogWarning("Stopped reading {Path} after {Pages} pages", path, MaxPages);
        return new PagesRead(MaxPages, int.MaxValue); // never complete: nothing is removed on the strength of it
    }

    /// <summary>A write. One whose answer was lost (a timeout, a dropped connection, a 5xx) comes back as WriteUnconfirmed.</summary>
    public async Task<TraktResult<T>> PostAsync<T>(long memberId, string path, object body, CancellationToken cancellationToken = default)
    {
        var (response, problem) = await SendAsync(memberId, HttpMethod.Post, path, body, cancellationToken);
        if (problem is not null) return problem;
        using (response)
        {
            var read = await ReadAsync<T>(response!, path, cancellationToken);
            return read.Problem?.Kind == TraktProblemKind.Unavailable ? TraktProblem.WriteUnconfirmed : read;
        }
    }

    /// <summary>Sends as the member: a 401 gets one refreshed token and one more try.</summary>
    private async Task<(HttpResponseMessage? Response, TraktProblem? Problem)> SendAsync(
        long memberId, HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        if (await credentials.GetAsync() is not { } app) return (null, TraktProblem.NotConfigured);
        var token = await tokens.AccessTokenAsync(memberId, cancellationToken);
        if (!token.Succeeded) return (null, token.Problem);
        try
        {
            var response = await SendLimitedAsync(app, memberId, token.Value, method, pathAndQuery, body, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return (response, null);
            response.Dispose();

            var refreshed = await tokens.AfterUnauthorizedAsync(memberId, token.Value, cancellationToken);
            if (!refreshed.Succeeded) return (null, refreshed.Problem);
            response = await SendLimitedAsync(app, memberId, refreshed.Value, method, pathAndQuery, body, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return (response, null);
            response.Dispose();
            return (null, await tokens.RefusedAfterRefreshAsync(memberId));
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            // An open circuit sent nothing; any other failure of a write may have reached Trakt.
            var problem = Failed(pathAndQuery, e).Problem!;
            return (null, method != HttpMethod.Get && e is not BrokenCircuitException ? TraktProblem.WriteUnconfirmed : problem);
        }
    }

    private async Task<HttpResponseMessage> SendLimitedAsync(TraktApp app, long memberId, string accessToken, HttpMethod method,
        string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        using var lease = await limits.AcquireAsync(memberId, method, cancellationToken);
        return await SendOnceAsync(app, accessToken, method, pathAndQuery, body, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(TraktApp app, string accessToken, HttpMethod method, string pathAndQuery,
        object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Add("trakt-api-version", "2");
        request.Headers.Add("trakt-api-key", app.ClientId);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        // Trakt wants the JSON content type on every call, reads included.
        request.Content = body is null ? new StringContent("", null, "application/json") : JsonContent.Create(body, options: TraktJson.Options);
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private async Task<TraktResult<T>> ReadAsync<T>(HttpResponseMessage response, string pathAndQuery, CancellationToken cancellationToken)
    {
        var path = pathAndQuery.Split('?')[0];
        if (response.IsSuccessStatusCode)
        {
            try
            {
                if (await response.Content.ReadFromJsonAsync<T>(TraktJson.Options, cancellationToken) is { } value) return value;
            }
            catch (JsonException)
            {
                // An HTML page where JSON should be (Cloudflare, maintenance): falls through to "unavailable".
            }
            logger.LogWarning("Trakt answered {Path} with {Status} but no JSON", path, (int)response.StatusCode);
            return TraktProblem.Unavailable;
        }

        var status = (int)response.StatusCode;
        var html = response.Content.Headers.ContentType?.MediaType == "text/html";
        logger.LogWarning("Trakt answered {Path} with {Status}{Html}", path, status, html ? " (an HTML page)" : "");
        return status switch
        {
            403 when html => TraktProblem.Unavailable, // Cloudflare's edge, not Trakt's verdict on our app
            403 => TraktProblem.BadAppCredentials,
            404 => TraktProblem.NotFound,
            420 => TraktProblem.AccountLimit(Header(response, "X-Account-Limit"), bool.TryParse(Header(response, "X-VIP-User"), out var vip) ? vip : null),
            423 => TraktProblem.Locked,
            426 => TraktProblem.VipOnly,
            429 => TraktProblem.RateLimited(RetryAfter(response, time) ?? TimeSpan.FromSeconds(10)),
            >= 500 => TraktProblem.Unavailable,
            _ => TraktProblem.Refused(status),
        };
    }

    private TraktResult<TraktJson.UserSettings> Failed(string pathAndQuery, Exception e)
    {
        logger.LogWarning("Trakt did not answer {Path}: {Error}", pathAndQuery.Split('?')[0], e.GetType().Name);
        return TraktProblem.Unavailable;
    }

    private static bool IsFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or JsonException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>How long Trakt asked us to wait (seconds, or an HTTP date read against <paramref name="time"/>), if it said.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }
}
