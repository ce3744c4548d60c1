using MovieNight.Migrations;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using MovieNight.Web.Data;
using Polly;

namespace MovieNight.Web.Trakt;

public static class TraktServices
{
    /// <summary>
    /// Trakt options (section "Trakt"; TRAKT_CLIENT_ID, TRAKT_CLIENT_SECRET, TRAKT_ENCRYPTION_KEY and
    /// MOVIENIGHT_PUBLIC_URL win), the token vault, the OAuth and API clients, linking and refresh.
    /// </summary>
    public static IServiceCollection AddTrakt(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TraktOptions>()
            .Bind(configuration.GetSection(TraktOptions.Section))
            .Configure<IOptions<MovieNightOptions>>((options, movieNight) =>
            {
                // Values pasted into a .env file often carry stray spaces or a newline.
                if (configuration["TRAKT_CLIENT_ID"] is { } id && !string.IsNullOrWhiteSpace(id)) options.ClientId = id.Trim();
                if (configuration["TRAKT_CLIENT_SECRET"] is { } secret && !string.IsNullOrWhiteSpace(secret)) options.ClientSecret = secret.Trim();
                if (configuration["TRAKT_ENCRYPTION_KEY"] is { } key && !string.IsNullOrWhiteSpace(key)) options.EncryptionKey = key.Trim();
                // The public URL has one source, MovieNightOptions.PublicUrl (MOVIENIGHT_PUBLIC_URL).
                if (movieNight.Value.PublicUrl is { Length: > 0 } url) options.PublicUrl = url;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(provider => TokenVaultKey.Load(
            provider.GetRequiredService<IOptions<TraktOptions>>().Value.EncryptionKey,
            provider.GetRequiredService<IOptions<MovieNightOptions>>().Value.FullDataDirectory));
        services.AddSingleton<TokenVault>();
        services.AddSingleton<TraktCredentials>();
        services.AddSingleton<TraktTokenStore>();
        services.AddSingleton<TraktTokens>();
        services.AddSingleton<TraktRateLimits>();
        services.AddSingleton<TraktLinking>();
        services.AddTransient<TraktTokenRefreshJob>();
        services.AddSingleton<TraktSyncRuns>();
        services.AddSingleton<TraktHistorySync>();
        services.AddSingleton<TraktRatingsSync>();
        services.AddSingleton<TraktWatchlistSync>();
        services.AddSingleton<TraktSync>();
        services.AddSingleton<TraktSyncSchedule>();
        services.AddTransient<TraktSyncJob>();
        services.AddHostedService<TraktStartup>();
        // Stopping waits for a refresh in flight (see TraktStartup), which may take RefreshTimeout.
        services.AddOptions<HostOptions>().Configure<IOptions<TraktOptions>>((host, trakt) =>
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (trakt.Value.RefreshTimeout + TimeSpan.FromSeconds(5)).Ticks)));

        services.AddHttpClient<TraktAuthClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<TraktOptions>>().Value;
            http.BaseAddress = new Uri(options.AuthBaseUrl.TrimEnd('/') + "/");
            http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
            // Token requests are never cancelled by a caller; this is their only limit.
            http.Timeout = options.RefreshTimeout;
        }).ConfigurePrimaryHttpMessageHandler(NewHandler);

        services.AddHttpClient<TraktClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<TraktOptions>>().Value;
            http.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
            http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
            http.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler's timeouts decide
            // A member's full history is a few megabytes at most.
            http.MaxResponseContentBufferSize = 16 * 1024 * 1024;
        }).ConfigurePrimaryHttpMessageHandler(NewHandler).AddResilienceHandler("trakt", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TraktOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddTimeout(options.AttemptTimeout * (options.MaxRetries + 1) + options.MaxRetryAfter * options.MaxRetries);
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, options.MaxRetryAfter, time)),
                });
            }
            // When Trakt is down, stop asking for a while and answer "unavailable" at once. A 429 is an answer
            // about one member's pace, not an outage: it must not shut Trakt off for the whole household.
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
                    || args.Outcome.Result is { } response && ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)),
                FailureRatio = 0.8,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = TimeSpan.FromSeconds(30),
            });
            pipeline.AddTimeout(options.AttemptTimeout);
        });
        return services;
    }

    /// <summary>
    /// The singletons that link and refresh keep their typed clients for the app's lifetime, so the
    /// connections themselves are recycled: Trakt's hosts sit behind Cloudflare, whose addresses change.
    /// </summary>
    private static HttpMessageHandler NewHandler() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    /// <summary>
    /// Reads are retried on anything that may pass (5xx, Cloudflare's 520–522, timeouts, dropped
    /// connections, 429). Writes only on 429, which proves Trakt did not take them: Trakt does not
    /// de-duplicate plays, so a write whose answer was lost must be checked, not resent. A 429 asking
    /// for a longer wait than allowed is reported instead of waited out.
    /// </summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter, TimeProvider time)
    {
        var response = outcome.Result;
        if (response?.StatusCode == HttpStatusCode.TooManyRequests)
            return TraktClient.RetryAfter(response, time) is not { } wait || wait <= maxRetryAfter;
        var isRead = (response?.RequestMessage ?? context.GetRequestMessage())?.Method == HttpMethod.Get;
        if (!isRead) return false;
        if (outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException) return true;
        return response is not null && ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout);
    }
}
