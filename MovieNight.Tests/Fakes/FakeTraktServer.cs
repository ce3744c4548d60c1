using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MovieNight.Tests.Fakes;

/// <summary>Which of Trakt's two hosts a request reached.</summary>
public enum FakeTraktHost { Api, Auth }

/// <summary>What <see cref="FakeTraktServer.FailNext"/> answers instead of the real answer.</summary>
public enum FakeTraktFault
{
    /// <summary>429, Retry-After (retryAfterSeconds), plain-text body, X-Ratelimit unless OmitRateLimitHeader.</summary>
    RateLimited,
    /// <summary>500/502/503 (default)/504 with an empty body.</summary>
    ServerError,
    /// <summary>Cloudflare's 520/521/522 (default) HTML page.</summary>
    CloudflareHtml,
    /// <summary>420 with X-Account-Limit, X-VIP-User: false, X-Upgrade-URL.</summary>
    AccountLimit,
    /// <summary>423 with X-Account-Locked: true.</summary>
    Locked,
    /// <summary>426 VIP only, with X-Upgrade-URL.</summary>
    VipOnly,
    /// <summary>401 invalid_token, whatever the token.</summary>
    Unauthorized,
    /// <summary>The real answer, after the given delay (the work is done first, as at Trakt).</summary>
    Slow,
}

/// <summary>One request the fake saw. <see cref="Status"/> is 0 while in flight and 499 when the client gave up.</summary>
public sealed class FakeTraktRequest(
    FakeTraktHost host, string method, string path, string query, string? userAgent, string? apiKey, string? apiVersion,
    bool hasAuthorization, string? bearerToken)
{
    private volatile int status;
    public FakeTraktHost Host { get; } = host;
    public string Method { get; } = method;
    public string Path { get; } = path;
    public string Query { get; } = query;
    public string? UserAgent { get; } = userAgent;
    public string? ApiKey { get; } = apiKey;
    public string? ApiVersion { get; } = apiVersion;
    public bool HasAuthorization { get; } = hasAuthorization;
    public string? BearerToken { get; } = bearerToken;
    public int Status { get => status; internal set => status = value; }
    public override string ToString() => $"{Host} {Method} {Path}{Query} -> {Status}";
}

/// <summary>
/// Trakt as two real HTTP servers on 127.0.0.1 (free ports): auth.trakt.tv (OAuth code + PKCE, refresh, revoke,
/// device flow) and api.trakt.tv (settings, movie sync reads and writes), with Trakt's quirks: single-use refresh
/// tokens, Cloudflare's 403 without a User-Agent, per-token rate limits, forced pagination, 420 account limits,
/// no de-duplication of plays. See /work/shared/trakt-api.md. Everything is thread-safe (one lock for state).
/// </summary>
public sealed partial class FakeTraktServer : IAsyncDisposable
{
    /// <summary>Default <c>limit</c> of the paginated reads (history, ratings, watchlist).</summary>
    public const int DefaultPageLimit = 10;
    /// <summary>Trakt clamps <c>limit</c> to this since mid-2026.</summary>
    public const int MaxPageLimit = 250;
    public const string OutOfBandRedirectUri = "urn:ietf:wg:oauth:2.0:oob";

    internal readonly object Gate = new();
    private readonly WebApplication api, auth;
    private readonly ConcurrentQueue<FakeTraktRequest> requests = new();
    private readonly List<FailureRule> failures = [];
    private readonly Dictionary<string, RateState> rates = new(StringComparer.Ordinal);
    private int rateLimitedCount, disposed;

    private FakeTraktServer(TimeProvider time)
    {
        Time = time;
        ClientId = RandomNumberGenerator.GetHexString(64, lowercase: true);
        ClientSecret = RandomNumberGenerator.GetHexString(64, lowercase: true);
        foreach (var movie in FakeTmdbServer.Catalogue)
            AddMovie(movie.Id, movie.Title, movie.ReleaseDate.Length >= 4 ? int.Parse(movie.ReleaseDate[..4], CultureInfo.InvariantCulture) : null, movie.ImdbId);
        api = Build(FakeTraktHost.Api);
        auth = Build(FakeTraktHost.Auth);
    }

    /// <summary>Starts both hosts. <paramref name="time"/> (default the system clock) dates tokens, codes and activities.</summary>
    public static async Task<FakeTraktServer> StartAsync(TimeProvider? time = null)
    {
        var server = new FakeTraktServer(time ?? TimeProvider.System);
        await server.api.StartAsync();
        await server.auth.StartAsync();
        server.ApiBaseUrl = AddressOf(server.api);
        server.AuthBaseUrl = AddressOf(server.auth);
        return server;
    }

    /// <summary>api.trakt.tv, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string ApiBaseUrl { get; private set; } = "";
    /// <summary>auth.trakt.tv, e.g. http://127.0.0.1:41235 (no trailing slash).</summary>
    public string AuthBaseUrl { get; private set; } = "";

    /// <summary>The fake's clock for created_at, token and code expiry, activity timestamps. Rate limits use the real clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Random per instance; also the trakt-api-key.</summary>
    public string ClientId { get; }
    public string ClientSecret { get; }

    /// <summary>How long every answer waits, after the work is done (a refresh has already rotated). Zero by default.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Cloudflare's 403 HTML for a request without User-Agent, on both hosts. Default true.</summary>
    public bool RequireUserAgent { get; set; } = true;

    /// <summary>Per access token: POST/PUT/DELETE 1 per second, GET <see cref="GetRateLimit"/> per 5 minutes (real clock). Default true.</summary>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>GETs allowed per token per 5 minutes; 1000 as Trakt.</summary>
    public int GetRateLimit { get; set; } = 1000;

    /// <summary>429s without the X-Ratelimit header (Trakt sometimes omits it). Default false.</summary>
    public bool OmitRateLimitHeader { get; set; }

    /// <summary>429s answered for rate limits (enforced or injected; the device flow's slow-down 429 is not counted).</summary>
    public int RateLimitedCount => Volatile.Read(ref rateLimitedCount);

    public IReadOnlyList<FakeTraktRequest> Requests => requests.ToArray();

    /// <summary>How many requests (any host, any answer) had this method and path, e.g. ("POST", "/oauth/token").</summary>
    public int Count(string method, string path) =>
        requests.Count(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && r.Path == path);

    /// <summary>
    /// The next <paramref name="count"/> requests whose path starts with <paramref name="path"/> (any path when null), on
    /// either host, get <paramref name="fault"/>. <paramref name="status"/> picks the code of ServerError (default 503) and
    /// CloudflareHtml (default 522); <paramref name="delay"/> is Slow's wait (default 30 s). Rules queue up in call order.
    /// </summary>
    public void FailNext(int count, FakeTraktFault fault, string? path = null, int? status = null, int retryAfterSeconds = 1, TimeSpan? delay = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (Gate) failures.Add(new FailureRule(fault, path, status, retryAfterSeconds, delay ?? TimeSpan.FromSeconds(30)) { Left = count });
    }

    /// <summary>Drops pending faults and the delay.</summary>
    public void ClearFailures()
    {
        lock (Gate) failures.Clear();
        Delay = TimeSpan.Zero;
    }

    /// <summary>Stops answering: requests are then refused, like a Trakt that is down. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        await Task.WhenAll(api.StopAsync(), auth.StopAsync());
        await api.DisposeAsync();
        await auth.DisposeAsync();
    }

    private WebApplication Build(FakeTraktHost host)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Loopback only, never another address.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context => HandleAsync(context, host));
        return app;
    }

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

    private async Task HandleAsync(HttpContext context, FakeTraktHost host)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        var entry = new FakeTraktRequest(host, request.Method, Normalize(request.Path.Value), request.QueryString.Value ?? "",
            Header(request, "User-Agent"), Header(request, "trakt-api-key"), Header(request, "trakt-api-version"),
            authorization.Length > 0, bearer);
        requests.Enqueue(entry);
        context.Response.OnStarting(() =>
        {
            if (entry.Status != 499) entry.Status = context.Response.StatusCode;
            return Task.CompletedTask;
        });

        var (result, delay) = await DecideAsync(context, host, entry.Path, bearer);
        delay += Delay;
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                entry.Status = 499; // the client gave up; whatever the request did is done
                context.Abort();
                return;
            }
        }
        await result.ExecuteAsync(context);
    }

    private async Task<(IResult Result, TimeSpan Delay)> DecideAsync(HttpContext context, FakeTraktHost host, string path, string? bearer)
    {
        // Cloudflare sits in front of both hosts.
        if (RequireUserAgent && string.IsNullOrWhiteSpace(context.Request.Headers.UserAgent))
            return (CloudflareBlocked(), TimeSpan.Zero);
        var delay = TimeSpan.Zero;
        if (TakeFailure(path) is { } rule)
        {
            if (rule.Fault != FakeTraktFault.Slow) return (FaultResult(rule, context.Request.Method), TimeSpan.Zero);
            delay = rule.Delay;
        }
        var result = host == FakeTraktHost.Auth ? await AuthAsync(context, path) : await ApiAsync(context, path, bearer);
        return (result, delay);
    }

    private FailureRule? TakeFailure(string path)
    {
        lock (Gate)
        {
            var rule = failures.FirstOrDefault(f => f.Path is null || path.StartsWith(f.Path, StringComparison.Ordinal));
            if (rule is null) return null;
            if (--rule.Left == 0) failures.Remove(rule);
            return rule;
        }
    }

    private IResult FaultResult(FailureRule rule, string method) => rule.Fault switch
    {
        FakeTraktFault.RateLimited => RateLimited(method, TimeSpan.FromSeconds(rule.RetryAfterSeconds)),
        FakeTraktFault.ServerError => Results.StatusCode(rule.Status ?? 503),
        FakeTraktFault.CloudflareHtml => CloudflareError(rule.Status ?? 522),
        FakeTraktFault.AccountLimit => AccountLimit(250, vip: false),
        FakeTraktFault.Locked => new WithHeaders(Results.StatusCode(423), ("X-Account-Locked", "true"), ("X-Account-Deactivated", "false")),
        FakeTraktFault.VipOnly => new WithHeaders(Results.StatusCode(426), ("X-VIP-User", "false"), ("X-Upgrade-URL", UpgradeUrl)),
        FakeTraktFault.Unauthorized => InvalidToken("The access token is invalid"),
        _ => throw new InvalidOperationException($"No answer for {rule.Fault}"),
    };

    private async Task<IResult> ApiAsync(HttpContext context, string path, string? bearer)
    {
        var request = context.Request;
        if (ApiRoute(path) is not { } route) return Results.StatusCode(404); // /oauth/* lives on the auth host only
        if (!string.Equals(route.Method, request.Method, StringComparison.OrdinalIgnoreCase)) return Results.StatusCode(405);
        if (Header(request, "trakt-api-key") != ClientId) return Results.StatusCode(403); // bad key or app: empty 403
        if (Header(request, "trakt-api-version") != "2")
            return Results.Json(new { error = "invalid_api_version", error_description = "Send trakt-api-version: 2" }, statusCode: 400);
        var (user, problem) = Authenticate(bearer);
        if (user is null) return problem!;
        if (EnforceRateLimits && RateLimit(bearer!, request.Method) is { } limited) return limited;

        JsonElement body = default;
        if (!HttpMethods.IsGet(request.Method))
        {
            if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                return Results.StatusCode(412);
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
                body = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Results.Json(new { error = "bad_request", error_description = "The body is not JSON" }, statusCode: 400);
            }
            if (body.ValueKind != JsonValueKind.Object)
                return Results.Json(new { error = "bad_request", error_description = "The body must be an object" }, statusCode: 400);
        }
        lock (Gate) return route.Handler(new ApiCall(user, request.Query, body, path.Split('/')));
    }

    private (string Method, Func<ApiCall, IResult> Handler)? ApiRoute(string path) => path switch
    {
        "/users/settings" => ("GET", Settings),
        "/sync/last_activities" => ("GET", LastActivities),
        "/sync/history/movies" => ("GET", History),
        "/sync/history" => ("POST", AddHistory),
        "/sync/history/remove" => ("POST", RemoveHistory),
        "/sync/ratings/movies" => ("GET", Ratings),
        "/sync/ratings" => ("POST", AddRatings),
        "/sync/ratings/remove" => ("POST", RemoveRatings),
        "/sync/watchlist" => ("POST", AddWatchlist),
        "/sync/watchlist/remove" => ("POST", RemoveWatchlist),
        _ when path.StartsWith("/sync/watchlist/movies", StringComparison.Ordinal) && path.Split('/').Length is 4 or 5 or 6
            && (path.Length == "/sync/watchlist/movies".Length || path["/sync/watchlist/movies".Length] == '/') => ("GET", Watchlist),
        _ => null,
    };

    /// <summary>Writes 1 per second, GETs GetRateLimit per 5 minutes, per token, on the real clock; answers that pass count.</summary>
    private IResult? RateLimit(string token, string method)
    {
        var now = Stopwatch.GetTimestamp();
        var get = HttpMethods.IsGet(method);
        TimeSpan wait;
        lock (Gate)
        {
            if (!rates.TryGetValue(token, out var rate)) rates[token] = rate = new RateState();
            if (get)
            {
                if (rate.GetWindowStart is not { } start || Stopwatch.GetElapsedTime(start, now) >= GetPeriod)
                    (rate.GetWindowStart, rate.GetCount) = (now, 0);
                if (rate.GetCount < GetRateLimit)
                {
                    rate.GetCount++;
                    return null;
                }
                wait = GetPeriod - Stopwatch.GetElapsedTime(rate.GetWindowStart!.Value, now);
            }
            else
            {
                if (rate.LastWrite is not { } last || Stopwatch.GetElapsedTime(last, now) >= WritePeriod)
                {
                    rate.LastWrite = now;
                    return null;
                }
                wait = WritePeriod - Stopwatch.GetElapsedTime(last, now);
            }
        }
        return RateLimited(method, wait);
    }

    private static readonly TimeSpan GetPeriod = TimeSpan.FromMinutes(5), WritePeriod = TimeSpan.FromSeconds(1);

    private IResult RateLimited(string method, TimeSpan wait)
    {
        Interlocked.Increment(ref rateLimitedCount);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var get = HttpMethods.IsGet(method);
        var headers = new List<(string, string)> { ("Retry-After", seconds.ToString(CultureInfo.InvariantCulture)) };
        if (!OmitRateLimitHeader)
            headers.Add(("X-Ratelimit", JsonSerializer.Serialize(new
            {
                name = get ? "AUTHED_API_GET_LIMIT" : "AUTHED_API_POST_LIMIT",
                period = get ? 300 : 1,
                limit = get ? GetRateLimit : 1,
                remaining = 0,
                until = (Time.GetUtcNow() + wait).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            })));
        return new WithHeaders(Results.Text("Rate Limit Exceeded", "text/plain", statusCode: 429), [.. headers]);
    }

    internal const string UpgradeUrl = "https://trakt.tv/vip";

    private static IResult AccountLimit(int limit, bool vip) => new WithHeaders(Results.StatusCode(420),
        ("X-Account-Limit", limit.ToString(CultureInfo.InvariantCulture)), ("X-VIP-User", vip ? "true" : "false"), ("X-Upgrade-URL", UpgradeUrl));

    private static IResult InvalidToken(string description) => new WithHeaders(
        Results.Json(new { error = "invalid_token", error_description = description }, statusCode: 401),
        ("WWW-Authenticate", $"Bearer realm=\"Doorkeeper\", error=\"invalid_token\", error_description=\"{description}\""));

    private static IResult CloudflareBlocked() => new WithHeaders(Results.Content(
        "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body><div id=\"cf-wrapper\">"
        + "<h1>Sorry, you have been blocked</h1><h2>You are unable to access trakt.tv</h2><p>This website is using a security service "
        + "to protect itself from online attacks.</p><p>Cloudflare Ray ID: <strong>8f1c2a3b4d5e6f70</strong></p></div></body></html>",
        "text/html; charset=UTF-8", statusCode: 403), ("Server", "cloudflare"), ("CF-RAY", "8f1c2a3b4d5e6f70-AMS"));

    private static IResult CloudflareError(int status) => new WithHeaders(Results.Content(
        $"<!DOCTYPE html><html><head><title>trakt.tv | {status}: {CloudflareReason(status)}</title></head><body><div id=\"cf-error-details\">"
        + $"<h1><span>{CloudflareReason(status)}</span> <span>Error code {status}</span></h1><p>Visit cloudflare.com for more information.</p>"
        + "</div></body></html>", "text/html; charset=UTF-8", statusCode: status), ("Server", "cloudflare"), ("CF-RAY", "8f1c2a3b4d5e6f71-AMS"));

    private static string CloudflareReason(int status) => status switch
    {
        520 => "Web server is returning an unknown error",
        521 => "Web server is down",
        522 => "Connection timed out",
        _ => "Error",
    };

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    private static string Normalize(string? path) => string.IsNullOrEmpty(path) ? "/" : path.Length > 1 ? path.TrimEnd('/') : path;

    internal static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed record FailureRule(FakeTraktFault Fault, string? Path, int? Status, int RetryAfterSeconds, TimeSpan Delay)
    {
        public int Left { get; set; }
    }

    private sealed class RateState
    {
        public long? LastWrite, GetWindowStart;
        public int GetCount;
    }

    private sealed record ApiCall(FakeTraktUser User, IQueryCollection Query, JsonElement Body, string[] Segments);

    /// <summary>Sets headers, then lets the inner result write status and body.</summary>
    private sealed class WithHeaders(IResult inner, params (string Name, string Value)[] headers) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            foreach (var (name, value) in headers) context.Response.Headers[name] = value;
            return inner.ExecuteAsync(context);
        }
    }
}
