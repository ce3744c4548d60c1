using System.ComponentModel.DataAnnotations;

namespace MovieNight.Web.Data;

/// <summary>Where the app keeps its files and which time zone the household lives in.</summary>
public sealed class MovieNightOptions : IValidatableObject
{
    /// <summary>MOVIENIGHT_DATA_DIR: the SQLite files, Data Protection keys and an optional data.json.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>TZ: an IANA zone such as Europe/Budapest; empty means the server's zone.</summary>
    public string? TimeZone { get; set; }

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
    public string DatabasePath => Path.Combine(FullDataDirectory, "movienight.db");
    /// <summary>Hangfire's storage: its own file, so its polling and locks never contend with votes.</summary>
    public string JobsDatabasePath => Path.Combine(FullDataDirectory, "jobs.db");
    public string KeysDirectory => Path.Combine(FullDataDirectory, "keys");
    public string LegacyDataFile => Path.Combine(FullDataDirectory, "data.json");
    /// <summary>The old app's SQLite database (its last versions), imported at first start in preference to data.json.</summary>
    public string LegacySqliteFile => Path.Combine(FullDataDirectory, "movie-night.db");

    public TimeZoneInfo HouseholdTimeZone =>
        string.IsNullOrWhiteSpace(TimeZone) ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(TimeZone.TrimStart(':'));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TimeZone)) yield break;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.TrimStart(':'), out _))
            yield return new ValidationResult($"TZ '{TimeZone}' is not a known time zone; use an IANA name such as Europe/Budapest.", [nameof(TimeZone)]);
    }
}
