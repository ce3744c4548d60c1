using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MovieNight.Web.Tmdb;

public static class TmdbServiceCollectionExtensions
{
    /// <summary>
    /// TMDB options (section "Tmdb", with TMDB_API_KEY / TMDB_READ_TOKEN from the environment winning),
    /// the typed <see cref="TmdbClient"/> with its resilience handler (<see cref="TmdbResilience"/>),
    /// the movies-table cache and image URLs. Needs the Db singleton.
    /// </summary>
    public static IServiceCollection AddTmdb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TmdbOptions>()
            .Bind(configuration.GetSection(TmdbOptions.Section))
            .Configure(options =>
            {
                // Keys pasted into a .env file often carry stray spaces or a newline.
                if (configuration["TMDB_API_KEY"] is { } key && !string.IsNullOrWhiteSpace(key)) options.ApiKey = key.Trim();
                if (configuration["TMDB_READ_TOKEN"] is { } token && !string.IsNullOrWhiteSpace(token)) options.ReadToken = token.Trim();
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.TryAddSingleton<TmdbCredentials>();
        services.TryAddSingleton<TmdbImages>();
        services.TryAddSingleton<MovieCache>();
        var client = services.AddHttpClient<TmdbClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<TmdbOptions>>().Value;
            // A trailing slash keeps "/3" when relative paths such as "search/movie" are resolved.
            http.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
            http.DefaultRequestHeaders.UserAgent.ParseAdd("MovieNight/1.0");
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            http.MaxResponseContentBufferSize = TmdbResilience.MaxResponseBytes;
        });
        // The pipeline is built once per service provider and kept by the registry, so the circuit
        // breaker's state outlives the factory's handler rotation.
        client.AddResilienceHandler(TmdbResilience.PipelineName, (pipeline, context) => TmdbResilience.Configure(
            pipeline,
            context.ServiceProvider.GetRequiredService<IOptions<TmdbOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>()));
        // Added after the resilience handler, so it runs inside each attempt.
        client.AddHttpMessageHandler(() => new TmdbBodyReader());
        return services;
    }
}
