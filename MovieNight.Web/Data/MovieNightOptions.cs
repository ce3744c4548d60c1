using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MovieNight.Web.Data;

/// <summary>Where the app keeps its files and which time zone the household lives in.</summary>
public sealed class MovieNightOptions : IValidatableObject
{
    /// <summary>MOVIENIGHT_DATA_DIR: the SQLite files, Data Protection keys and an optional data.json.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>TZ: an IANA zone such as Europe/Budapest; empty means the server's zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// MOVIENIGHT_PUBLIC_URL: the address members use (behind a reverse proxy). The one place absolute
    /// URLs are built from, so a forged Host header never reaches a link or redirect; https makes every
    /// cookie Secure and sends HSTS.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// MOVIENIGHT_TRUSTED_PROXIES: addresses or CIDR ranges (comma or space separated) whose
    /// X-Forwarded-For and X-Forwarded-Proto count. Empty: nobody's do.
    /// </summary>
    public string? TrustedProxies { get; set; }

    public bool PublicUrlIsHttps =>
        Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>The trusted proxies as single addresses and as networks; call after validation.</summary>
    public (IReadOnlyList<IPAddress> Addresses, IReadOnlyList<IPNetwork> Networks) TrustedProxyList()
    {
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        foreach (var entry in (TrustedProxies ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/')) networks.Add(IPNetwork.Parse(entry));
            else addresses.Add(IPAddress.Parse(entry));
        }
        return (addresses, networks);
    }

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
    public string DatabasePath => Path.Combine(FullDataDirectory, "movienight.db");
    /// <summary>Hangfire's storage: its own file, so its polling and locks never contend with votes.</summary>
    public string JobsDatabasePath => Path.Combine(FullDataDirectory, "jobs.db");
    public string KeysDirectory => Path.Combine(FullDataDirectory, "keys");
    public string BackupsDirectory => Path.Combine(FullDataDirectory, "backups");
    public string LegacyDataFile => Path.Combine(FullDataDirectory, "data.json");
    /// <summary>The old app's SQLite database (its last versions), imported at first start in preference to data.json.</summary>
    public string LegacySqliteFile => Path.Combine(FullDataDirectory, "movie-night.db");

    public TimeZoneInfo HouseholdTimeZone =>
        string.IsNullOrWhiteSpace(TimeZone) ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(TimeZone.TrimStart(':'));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PublicUrl)
            && !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0 && uri.Fragment.Length == 0))
            yield return new ValidationResult($"MOVIENIGHT_PUBLIC_URL '{PublicUrl}' is not an http(s) URL such as https://movies.example.net.", [nameof(PublicUrl)]);
        foreach (var entry in (TrustedProxies ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/') ? !IPNetwork.TryParse(entry, out _) : !IPAddress.TryParse(entry, out _))
                yield return new ValidationResult($"MOVIENIGHT_TRUSTED_PROXIES: '{entry}' is not an IP address or a CIDR range such as 172.18.0.0/16.", [nameof(TrustedProxies)]);
        }
        if (string.IsNullOrWhiteSpace(TimeZone)) yield break;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.TrimStart(':'), out _))
            yield return new ValidationResult($"TZ '{TimeZone}' is not a known time zone; use an IANA name such as Europe/Budapest.", [nameof(TimeZone)]);
    }
}
