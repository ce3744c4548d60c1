using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace MovieNight.Web.Tmdb;

/// <summary>
/// The resilience pipeline on the TMDB HttpClient, outermost first:
/// total timeout → retry → circuit breaker → per-attempt timeout.
/// Retries what may pass (5xx, 408, timeouts, dropped connections, 429) with jittered exponential back-off;
/// a 429 waits exactly its Retry-After unless that is longer than MaxRetryAfter: then it comes back at once
/// so the member is told when to return instead of staring at a spinner. When TMDB keeps failing, the
/// breaker answers "not answering" at once for a while instead of making every page wait out the timeouts.
/// </summary>
internal static class TmdbResilience
{
    public const string PipelineName = "tmdb";

    /// <summary>TMDB's answers are a few kilobytes; anything huge is not TMDB.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>How long an open breaker answers without asking TMDB; then one request probes it.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    // Of the attempts in the sampling window, the share that must have failed; below 1 so that one
    // lucky answer from a mostly dead TMDB does not keep everybody waiting.
    private const double FailureRatio = 0.8;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, TmdbOptions settings, TimeProvider time)
    {
        // Back-off waits, timeouts and the breaker's clock follow the app's clock (tests move it). The
        // registry already hands out builders on the container's TimeProvider; said here so it stays so.
        pipeline.TimeProvider = time;
        var attempts = settings.MaxRetries + 1;
        var totalTimeout = TotalTimeout(settings);

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "TmdbTotalTimeout", Timeout = totalTimeout });
        // Polly refuses zero retry attempts, so "MaxRetries = 0" means no retry strategy at all.
        if (settings.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "TmdbRetry",
                // The library's own Retry-After reader dates against the system clock; ours uses the
                // injected one and knows MaxRetryAfter (set before DelayGenerator: this setter replaces it).
                ShouldRetryAfterHeader = false,
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = LongestWait(settings),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, settings.MaxRetryAfter, time)),
                // Null falls back to the back-off above.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response, time) : null),
            });
        }
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = "TmdbCircuitBreaker",
            ShouldHandle = args => ValueTask.FromResult(IsNotAnswering(args.Outcome)),
            FailureRatio = FailureRatio,
            // Two whole requests' worth of failed attempts: one failed search never opens it.
            MinimumThroughput = Math.Max(2, 2 * attempts),
            // Long enough to hold two requests that each ran out their time (and at least double the
            // attempt timeout, as the standard handler's validation demands).
            SamplingDuration = 2 * totalTimeout,
            BreakDuration = BreakDuration,
        });
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "TmdbAttemptTimeout", Timeout = settings.AttemptTimeout });
    }

    /// <summary>
    /// The longest the attempts and the waits between them can take: a backstop that never cuts the
    /// retries short but bounds whatever they do not.
    /// </summary>
    public static TimeSpan TotalTimeout(TmdbOptions settings) =>
        (settings.MaxRetries + 1) * settings.AttemptTimeout + settings.MaxRetries * LongestWait(settings);

    /// <summary>How long TMDB asked us to wait (delta seconds or an HTTP date), if it said.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    // No back-off outlasts the longest Retry-After we would wait for, so the total timeout can be computed.
    private static TimeSpan LongestWait(TmdbOptions settings) =>
        settings.MaxRetryAfter > settings.RetryBaseDelay ? settings.MaxRetryAfter : settings.RetryBaseDelay;

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response)
            return RetryAfter(response, time) is not { } wait || wait <= maxRetryAfter;
        return IsNotAnswering(outcome);
    }

    // What the breaker counts: TMDB not answering. A 429 is an answer with its own wait, and the member
    // is better told that wait than "not answering"; 401 and 404 are answers too.
    private static bool IsNotAnswering(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException) return true;
        return outcome.Result is { } response
            && (response.StatusCode is HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500);
    }
}

/// <summary>
/// Sits inside the resilience handler and reads each answer's body within its attempt, so the attempt
/// timeout (and the retry) also covers a TMDB that stalls mid-body, not just before the headers.
/// </summary>
internal sealed class TmdbBodyReader : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            // HttpClient skips its own size check on a body that is already buffered, so check here.
            await response.Content.LoadIntoBufferAsync(TmdbResilience.MaxResponseBytes, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
