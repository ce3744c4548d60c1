using System.Globalization;

namespace MovieNight.Web.Household;

/// <summary>
/// The one way MovieNight writes dates and times on its pages: in the household's time zone and
/// language (both settings), formatted on the server so every page and every device agrees.
/// Instants are stored in UTC; only this turns them into words. One per request (see HouseholdSettings.Time()).
/// </summary>
public sealed class HouseholdTime
{
    private readonly string dayMonth;      // "d MMM" or "MMM d" as the language orders them
    private readonly string dayMonthYear;
    private readonly int thisYear;

    public HouseholdTime(CultureInfo culture, TimeZoneInfo zone, DateTimeOffset now)
    {
        Culture = culture;
        Zone = zone;
        thisYear = TimeZoneInfo.ConvertTime(now, zone).Year;
        var formats = culture.DateTimeFormat;
        dayMonth = formats.MonthDayPattern.Replace("MMMM", "MMM");
        // The language's long date without its weekday, months shortened: "9 Mar 2025", "Mar 9, 2025", "2025. márc. 9.", "2025年3月9日".
        dayMonthYear = System.Text.RegularExpressions.Regex.Replace(formats.LongDatePattern, @"^\s*dddd[\s,.]*|[\s,]*dddd\s*$", "")
            .Replace("'den' ", "").Replace("MMMM", "MMM").Trim();
    }

    public CultureInfo Culture { get; }
    public TimeZoneInfo Zone { get; }

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The instant a wall-clock time in the household's zone names (the week clock's rule across DST changes).</summary>
    public DateTimeOffset ToInstant(DateTime wallClock) => Weeks.WeekClock.ToInstant(Zone, wallClock);

    /// <summary>"18:00" (or "6:00 PM" where the language says so).</summary>
    public string Time(DateTimeOffset instant) => Local(instant).ToString(Culture.DateTimeFormat.ShortTimePattern, Culture);

    /// <summary>A time of day, as <see cref="Time(DateTimeOffset)"/> writes it.</summary>
    public string Time(TimeOnly time) => time.ToString(Culture.DateTimeFormat.ShortTimePattern, Culture);

    /// <summary>"4 Dec"; the year is added when it is not this year.</summary>
    public string Date(DateOnly date) => date.ToString(date.Year == thisYear ? dayMonth : dayMonthYear, Culture);

    public string Date(DateTimeOffset instant) => Date(DateOnly.FromDateTime(Local(instant).DateTime));

    /// <summary>"Fri 4 Dec".</summary>
    public string Day(DateOnly date) => $"{date.ToString("ddd", Culture)} {Date(date)}";

    public string Day(DateTimeOffset instant) => Day(DateOnly.FromDateTime(Local(instant).DateTime));

    /// <summary>"Monday 7 Dec": a day far enough ahead that its full name reads better.</summary>
    public string LongDay(DateOnly date) => $"{date.ToString("dddd", Culture)} {Date(date)}";

    /// <summary>"Fri 4 Dec, 18:00".</summary>
    public string DayAndTime(DateTimeOffset instant) => $"{Day(instant)}, {Time(instant)}";

    /// <summary>"Fri 4 Dec, 18:00", or the words for a moment nobody recorded.</summary>
    public string DayAndTime(DateTimeOffset? instant, string unknown) => instant is { } at ? DayAndTime(at) : unknown;

    /// <summary>"30 Nov – 6 Dec"; "29 Dec 2025 – 4 Jan 2026" across a new year.</summary>
    public string Days(DateOnly first, DateOnly last)
    {
        if (first.Year != last.Year)
            return $"{first.ToString(dayMonthYear, Culture)} – {last.ToString(dayMonthYear, Culture)}";
        return $"{Date(first)} – {Date(last)}";
    }

    /// <summary>The days of an ISO week, Monday to Sunday: "30 Nov – 6 Dec".</summary>
    public string Days(MovieNight.Migrations.WeekId week) => Days(week.Monday, week.Monday.AddDays(6));

    /// <summary>The days of a week stored as text ("2026-W49"); the text itself should it not name a week.</summary>
    public string Days(string week) => MovieNight.Migrations.WeekId.TryParse(week, out var id) ? Days(id) : week;

    /// <summary>"Week 49, 2026": the ISO week, for the small print under its dates.</summary>
    public static string WeekNumber(MovieNight.Migrations.WeekId week) => $"Week {week.Week}, {week.Year}";

    /// <summary>The value of a &lt;time datetime&gt; attribute, so machines read the exact instant.</summary>
    public static string Machine(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The languages offered in the settings, by their tag; any other known tag may be typed in configuration.</summary>
    public static readonly IReadOnlyList<string> OfferedLanguages =
        ["en-GB", "en-US", "en-AU", "en-CA", "en-IE", "de-DE", "de-AT", "de-CH", "fr-FR", "fr-CA", "es-ES", "es-MX", "it-IT",
         "nl-NL", "pt-PT", "pt-BR", "sv-SE", "nb-NO", "da-DK", "fi-FI", "pl-PL", "cs-CZ", "hu-HU", "ro-RO", "el-GR", "tr-TR",
         "ja-JP", "ko-KR", "zh-CN"];

    /// <summary>A specific language the runtime knows, by its tag ("en-GB"), or null.</summary>
    public static CultureInfo? FindLanguage(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return null;
        try
        {
            var culture = CultureInfo.GetCultureInfo(tag.Trim(), predefinedOnly: true);
            return culture.IsNeutralCulture || culture.Equals(CultureInfo.InvariantCulture) ? null : culture;
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The server's language (LANG) when it names one; British English otherwise (a bare container has none).</summary>
    public static CultureInfo ServerLanguage { get; } =
        CultureInfo.CurrentCulture is { IsNeutralCulture: false } current && !current.Equals(CultureInfo.InvariantCulture)
            ? CultureInfo.GetCultureInfo(current.Name) : CultureInfo.GetCultureInfo("en-GB");
}
