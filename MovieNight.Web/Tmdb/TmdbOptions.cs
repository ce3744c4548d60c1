using System.ComponentModel.DataAnnotations;

namespace MovieNight.Web.Tmdb;

/// <summary>
/// How to reach TMDB: the section "Tmdb" (Tmdb__ApiBaseUrl, ...) plus the self-hoster's
/// TMDB_API_KEY / TMDB_READ_TOKEN. Without a credential the app runs; searches report what to set.
/// </summary>
public sealed class TmdbOptions : IValidatableObject
{
    public const string Section = "Tmdb";

    /// <summary>TMDB_API_KEY: a v3 key, sent as the api_key query parameter.</summary>
    public string? ApiKey { get; set; }

    /// <summary>TMDB_READ_TOKEN: a v4 read access token, sent as a Bearer header.</summary>
    public string? ReadToken { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.themoviedb.org/3";
    public string ImageBaseUrl { get; set; } = "https://image.tmdb.org/t/p/";

    /// <summary>One try; live search must not hang a page for long.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);
    public int MaxRetries { get; set; } = 2;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A 429 asking to wait longer than this is reported as "busy" at once instead of waited out.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan SearchCacheDuration { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan MovieMaxAge { get; set; } = TimeSpan.FromDays(1);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(ReadToken);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsHttpUrl(ApiBaseUrl))
            yield return new ValidationResult($"Tmdb__ApiBaseUrl '{ApiBaseUrl}' is not an http(s) URL such as https://api.themoviedb.org/3.", [nameof(ApiBaseUrl)]);
        if (!IsHttpUrl(ImageBaseUrl))
            yield return new ValidationResult($"Tmdb__ImageBaseUrl '{ImageBaseUrl}' is not an http(s) URL such as https://image.tmdb.org/t/p/.", [nameof(ImageBaseUrl)]);
        if (MaxRetries is < 0 or > 5)
            yield return new ValidationResult("Tmdb__MaxRetries must be between 0 and 5.", [nameof(MaxRetries)]);
        foreach (var (name, value) in new[]
                 {
                     (nameof(AttemptTimeout), AttemptTimeout), (nameof(RetryBaseDelay), RetryBaseDelay),
                     (nameof(MaxRetryAfter), MaxRetryAfter), (nameof(SearchCacheDuration), SearchCacheDuration),
                     (nameof(MovieMaxAge), MovieMaxAge),
                 })
        {
            if (value <= TimeSpan.Zero)
                yield return new ValidationResult($"Tmdb__{name} must be a positive time span such as 00:00:05.", [name]);
        }
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
