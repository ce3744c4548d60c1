using MovieNight.Migrations;
using System.ComponentModel.DataAnnotations;

namespace MovieNight.Web.Trakt;

/// <summary>
/// How to reach Trakt: the section "Trakt" (Trakt__ApiBaseUrl, ...) plus the self-hoster's
/// TRAKT_CLIENT_ID, TRAKT_CLIENT_SECRET, TRAKT_ENCRYPTION_KEY and MOVIENIGHT_PUBLIC_URL, which win.
/// Without credentials the app runs; the Trakt page says what to set.
/// </summary>
public sealed class TraktOptions : IValidatableObject
{
    public const string Section = "Trakt";

    public string ApiBaseUrl { get; set; } = "https://api.trakt.tv";
    /// <summary>OAuth (authorize, token, revoke, device codes) moved to its own host in July 2026.</summary>
    public string AuthBaseUrl { get; set; } = "https://auth.trakt.tv";

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>TRAKT_ENCRYPTION_KEY: 32 bytes, base64 or hex. Without it a key file in the data directory is used.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>MOVIENIGHT_PUBLIC_URL: the address members use (behind a reverse proxy); the redirect URI is built on it.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Cloudflare answers 403 to requests without a User-Agent.</summary>
    public string UserAgent { get; set; } = "MovieNight/1.0";

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);
    public int MaxRetries { get; set; } = 3;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A 429 asking to wait longer than this is reported rather than waited out.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A refresh is never cancelled mid-flight (the new pair may exist at Trakt while we never saw it):
    /// it gets this long, whatever its caller's cancellation says.
    /// </summary>
    public TimeSpan RefreshTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>A token this close to expiry is refreshed before it is used.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>The daily job refreshes tokens expiring within this, so none expires before its next run.</summary>
    public TimeSpan DailyRefreshWindow { get; set; } = TimeSpan.FromHours(36);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsHttpUrl(ApiBaseUrl))
            yield return new ValidationResult($"Trakt__ApiBaseUrl '{ApiBaseUrl}' is not an http(s) URL such as https://api.trakt.tv.", [nameof(ApiBaseUrl)]);
        if (!IsHttpUrl(AuthBaseUrl))
            yield return new ValidationResult($"Trakt__AuthBaseUrl '{AuthBaseUrl}' is not an http(s) URL such as https://auth.trakt.tv.", [nameof(AuthBaseUrl)]);
        if (!string.IsNullOrWhiteSpace(PublicUrl) && !IsHttpUrl(PublicUrl))
            yield return new ValidationResult($"MOVIENIGHT_PUBLIC_URL '{PublicUrl}' is not an http(s) URL such as https://movies.example.net.", [nameof(PublicUrl)]);
        if (!string.IsNullOrWhiteSpace(EncryptionKey) && !TokenVaultKey.TryParse(EncryptionKey, out _))
            yield return new ValidationResult(
                "TRAKT_ENCRYPTION_KEY must be 32 bytes written as 64 hex digits or 44 base64 characters (for example the output of `openssl rand -hex 32`).",
                [nameof(EncryptionKey)]);
        if (MaxRetries is < 0 or > 5)
            yield return new ValidationResult("Trakt__MaxRetries must be between 0 and 5.", [nameof(MaxRetries)]);
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
