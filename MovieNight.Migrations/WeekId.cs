using System.Globalization;
using System.Text.RegularExpressions;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>ISO 8601 week ids ("2026-W08"), the form the old app and MovieNight both use.</summary>
internal static partial class WeekId
{
    public static string Of(DateOnly localDate)
    {
        var date = localDate.ToDateTime(TimeOnly.MinValue);
        return Format(ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date));
    }

    /// <summary>Checks a weekNumber from the file: the exact form, and a week that exists in that year.</summary>
    public static string Parse(string text, string path)
    {
        var match = Pattern().Match(text);
        if (match.Success)
        {
            var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var week = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (year >= 1 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year)) return text;
        }
        throw new LegacyImportException(path, $"expected an ISO week such as \"2026-W08\", found \"{text}\"");
    }

    private static string Format(int year, int week) =>
        string.Create(CultureInfo.InvariantCulture, $"{year:0000}-W{week:00}");

    [GeneratedRegex(@"^([0-9]{4})-W([0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
