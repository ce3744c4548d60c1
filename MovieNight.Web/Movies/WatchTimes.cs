using System.Globalization;

namespace MovieNight.Web.Movies;

/// <summary>Watch times in the forms (datetime-local inputs), in the household's time zone; pages write them with HouseholdTime.</summary>
public static class WatchTimes
{
    /// <summary>The form value of an HTML datetime-local input.</summary>
    public const string InputFormat = "yyyy-MM-dd'T'HH:mm";

    public static string ForInput(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(InputFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a datetime-local value (browsers send seconds when a step asks for them).</summary>
    public static bool TryParseInput(string? text, out DateTime wallClock) =>
        DateTime.TryParseExact(text?.Trim(), [InputFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.fff"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out wallClock);
}
