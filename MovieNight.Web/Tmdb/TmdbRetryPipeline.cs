using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MovieNight.Web.Tmdb;

/// <summary>
/// Retries what may pass (5xx, timeouts, dropped connections, 429) with jittered exponential back-off;
/// a 429 waits exactly its Retry-After, unless that is longer than MaxRetryAfter: then the member is
/// told to come back rather than left staring at a spinner. Each try has its own timeout.
/// </summary>
public sealed class TmdbRetryPipeline
{
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly TimeProvider time;
    private readonly TimeSpan maxRetryAfter;

    public TmdbRetryPipeline(IOptions<TmdbOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        this.time = time;
        maxRetryAfter = settings.MaxRetryAfter;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                // Null falls back to the back-off above.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response) : null),
            });
        }
        pipeline = builder.AddTimeout(settings.AttemptTimeout).Build();
    }

    /// <summary>Runs <paramref name="send"/> (which must build a new request each time) until it passes or retries run out.</summary>
    public ValueTask<HttpResponseMessage> ExecuteAsync(Func<CancellationToken, ValueTask<HttpResponseMessage>> send, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(send, cancellationToken);

    /// <summary>How long TMDB asked us to wait (delta seconds or an HTTP date), if it said.</summary>
    public TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException) return true;
        if (outcome.Result is not { } response) return false;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            return RetryAfter(response) is not { } wait || wait <= maxRetryAfter;
        return response.StatusCode is HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;
    }
}
