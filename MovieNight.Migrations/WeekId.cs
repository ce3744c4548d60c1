using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Migrations;

/// <summary>
/// An ISO 8601 week ("2026-W08"), the form the old app and MovieNight both use. Its text form
/// sorts as the weeks do, so the database compares week columns as text.
/// </summary>
public readonly partial record struct WeekId : IComparable<WeekId>
{
    private WeekId(int year, int week) => (Year, Week) = (year, week);

    /// <summary>The ISO week-numbering year, which differs from the calendar year around New Year.</summary>
    public int Year { get; }
    public int Week { get; }

    /// <summary>The first day of the week, a Monday.</summary>
    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    public WeekId Next => Containing(Monday.AddDays(7));
    public WeekId Previous => Containing(Monday.AddDays(-7));

    public static WeekId Containing(DateOnly localDate)
    {
        var date = localDate.ToDateTime(TimeOnly.MinValue);
        return new WeekId(ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date));
    }

    /// <summary>Accepts the exact form of a week that exists ("2026-W53" yes, "2025-W53" no).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out WeekId week)
    {
        week = default;
        var match = text is null ? Match.Empty : Pattern().Match(text);
        if (!match.Success) return false;
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year < 1 || year > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year)) return false;
        week = new WeekId(year, number);
        return true;
    }

    public static WeekId Parse(string text) =>
        TryParse(text, out var week) ? week : throw new FormatException($"\"{text}\" is not an ISO week such as \"2026-W08\".");

    public int CompareTo(WeekId other) => (Year, Week).CompareTo((other.Year, other.Week));
    public static bool operator <(WeekId a, WeekId b) => a.CompareTo(b) < 0;
    public static bool operator >(WeekId a, WeekId b) => a.CompareTo(b) > 0;
    public static bool operator <=(WeekId a, WeekId b) => a.CompareTo(b) <= 0;
    public static bool operator >=(WeekId a, WeekId b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-W{Week:00}");

    /// <summary>The importer's form: the week id text of a local date.</summary>
    internal static string Of(DateOnly localDate) => Containing(localDate).ToString();

    /// <summary>Checks a weekNumber from the file: the exact form, and a week that exists in that year.</summary>
    internal static string Parse(string text, string path) =>
        TryParse(text, out _) ? text
            : throw new LegacyImportException(path, $"expected an ISO week such as \"2026-W08\", found \"{text}\"");

    [GeneratedRegex(@"^([0-9]{4})-W([0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
