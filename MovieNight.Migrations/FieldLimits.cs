using System.Globalization;

namespace MovieNight.Migrations;

/// <summary>
/// The limits the app's forms put on names, icons, titles and years, here so the importer applies
/// the same ones (the app's MemberRules and MovieChoice are checked against these by a test).
/// </summary>
public static class FieldLimits
{
    public const int NameMaxLength = 40;
    public const int IconMaxLength = 32;
    public const int IconMaxGraphemes = 2;
    public const int TitleMaxLength = 200;

    public static bool IsIcon(string icon) =>
        icon.Trim() is { Length: > 0 and <= IconMaxLength } trimmed && new StringInfo(trimmed).LengthInTextElements <= IconMaxGraphemes;

    /// <summary>A year as the nomination form takes it: four digits.</summary>
    public static bool IsYear(string year) => year.Trim() is { Length: 4 } y && y.All(char.IsAsciiDigit);

    /// <summary>A title on one line (runs of whitespace, line breaks included, become one space), cut to the limit.</summary>
    public static string OneLineTitle(string title)
    {
        var line = string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= TitleMaxLength ? line : line[..TitleMaxLength].TrimEnd();
    }
}
