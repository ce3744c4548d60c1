using System.Globalization;

namespace MovieNight.Web.Movies;

/// <summary>How watch times read on the pages, in the household's time zone (they are stored in UTC).</summary>
public static class WatchTimes
{
    /// <summary>The form value of an HTML datetime-local input.</summary>
    public const string InputFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>"Fri 20 Feb 2026, 20:30"; imported watches have no time.</summary>
    public static string Describe(DateTimeOffset? instant, TimeZoneInfo zone) => instant is { } at
        ? TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)
        : "date not recorded";

    public static string ForInput(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(InputFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a datetime-local value (browsers send seconds when a step asks for them).</summary>
    public static bool TryParseInput(string? text, out DateTime wallClock) =>
        DateTime.TryParseExact(text?.Trim(), [InputFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.fff"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out wallClock);
}
