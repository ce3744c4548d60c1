using System.Globalization;
using MovieNight.Web.Household;

namespace MovieNight.Web.Movies;

/// <summary>
/// When a movie was watched, as the forms ask it: a day and a time of day, each chosen from a list
/// written the household's way. (A native datetime-local input would show the browser's own format,
/// "11/30/2026, 08:00 PM", beside pages that say "Mon 30 Nov, 20:00".) Posted as WatchedOn ("yyyy-MM-dd") and
/// WatchedTime ("HH:mm"); a page reports a problem with them under the key "WatchedAt".
/// </summary>
public sealed record WatchTimeField(IReadOnlyList<(string Value, string Label)> Days, IReadOnlyList<(string Value, string Label)> Times,
    string? Day, string? Time)
{
    public const string DayFormat = "yyyy-MM-dd";
    public const string TimeFormat = "HH:mm";

    /// <summary>
    /// The days offered, newest first: the last <paramref name="recentDays"/> up to today, and the days from
    /// <paramref name="from"/> (a week's Monday) when they are older; the chosen day too, so a refusal keeps it.
    /// Times every quarter of an hour, and the chosen one when it is off that grid (now, by default).
    /// </summary>
    public static WatchTimeField For(HouseholdTime when, DateTimeOffset now, int recentDays, DateOnly? from, string? day, string? time)
    {
        var today = DateOnly.FromDateTime(when.Local(now).DateTime);
        var days = Enumerable.Range(0, recentDays).Select(back => today.AddDays(-back)).ToHashSet();
        if (from is { } first)
            for (var d = first; d <= today && d < first.AddDays(7); d = d.AddDays(1)) days.Add(d);
        if (TryParseDay(day, out var chosen) && chosen <= today) days.Add(chosen);
        var times = Enumerable.Range(0, 96).Select(i => new TimeOnly(i / 4, i % 4 * 15)).ToHashSet();
        if (TryParseTime(time, out var chosenTime)) times.Add(chosenTime);
        return new WatchTimeField(
            days.OrderDescending().Select(d => (d.ToString(DayFormat, CultureInfo.InvariantCulture),
                d == today ? $"Today, {when.Day(d)}" : d == today.AddDays(-1) ? $"Yesterday, {when.Day(d)}" : when.Day(d))).ToList(),
            times.Order().Select(t => (t.ToString(TimeFormat, CultureInfo.InvariantCulture), when.Time(t))).ToList(),
            day, time);
    }

    /// <summary>The form's values for an instant in the household's zone (now, by default).</summary>
    public static (string Day, string Time) ValuesOf(DateTimeOffset instant, HouseholdTime when)
    {
        var local = when.Local(instant);
        return (local.ToString(DayFormat, CultureInfo.InvariantCulture), local.ToString(TimeFormat, CultureInfo.InvariantCulture));
    }

    /// <summary>The household's wall-clock time the member chose, or false when either part is missing or malformed.</summary>
    public static bool TryParse(string? day, string? time, out DateTime wallClock)
    {
        wallClock = default;
        if (!TryParseDay(day, out var date) || !TryParseTime(time, out var timeOfDay)) return false;
        wallClock = date.ToDateTime(timeOfDay);
        return true;
    }

    private static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["H:mm", TimeFormat], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
