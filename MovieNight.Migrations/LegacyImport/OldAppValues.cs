using System.Globalization;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Typed reads of the old database's values. SQLite stores whatever it was given, so each value is
/// checked, and a bad one is refused naming its table, row and column ("nominations[id=12].week").
/// </summary>
internal static class OldAppValues
{
    public static string Path(string table, object id, string column) => $"{table}[id={id}].{column}";

    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string text => text,
        long or double => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => null,
    };

    public static string RequiredText(object? value, string path, string expected) =>
        Text(value) is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text
            : throw new LegacyImportException(path, $"expected {expected}, found {Describe(value)}");

    public static long? Integer(object? value, string path) => value switch
    {
        null or DBNull => null,
        long number => number,
        double real when real == Math.Floor(real) => (long)real,
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new LegacyImportException(path, $"expected a whole number, found {Describe(value)}"),
    };

    public static double? Real(object? value, string path) => value switch
    {
        null or DBNull => null,
        long number => number,
        double real => real,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new LegacyImportException(path, $"expected a number, found {Describe(value)}"),
    };

    /// <summary>SQLite's CURRENT_TIMESTAMP text (UTC, no zone), ISO 8601 with a zone (JavaScript's
    /// toISOString), or a Unix time in seconds or milliseconds.</summary>
    public static DateTimeOffset? Instant(object? value, string path)
    {
        switch (value)
        {
            case null or DBNull:
                return null;
            case long or double:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                // Milliseconds since 1970 pass 10^11 in 1973; seconds will not until the year 5138.
                return number > 1e11 ? DateTimeOffset.FromUnixTimeMilliseconds((long)number) : DateTimeOffset.FromUnixTimeSeconds((long)number);
            case string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant):
                return instant;
            case string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix):
                return Instant(unix, path);
            default:
                throw new LegacyImportException(path, $"expected a date and time, found {Describe(value)}");
        }
    }

    public static string Week(object? value, string path)
    {
        var text = Text(value);
        return WeekId.TryParse(text, out _) ? text
            : throw new LegacyImportException(path, $"expected an ISO week such as \"2026-W08\", found {Describe(value)}");
    }

    private static string Describe(object? value) => value switch
    {
        null or DBNull => "NULL",
        string text => $"\"{text}\"",
        byte[] => "a blob",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "a value",
    };
}
