using System.Globalization;

namespace MovieNight.Web.Household;

/// <summary>What a valid name, icon and PIN look like; the messages are shown to members as they are.</summary>
public static class MemberRules
{
    public const int PinMinLength = 4;
    public const int PinMaxLength = 8;
    public const int NameMaxLength = 40;
    public const string DefaultIcon = "🎬";

    public static string? CheckPin(string? pin) =>
        pin is { Length: >= PinMinLength and <= PinMaxLength } && pin.All(char.IsAsciiDigit)
            ? null
            : $"A PIN is {PinMinLength} to {PinMaxLength} digits.";

    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Enter a name."
        : name.Trim().Length > NameMaxLength ? $"A name is at most {NameMaxLength} characters."
        : null;

    /// <summary>An icon is one emoji (or a short symbol): one or two grapheme clusters.</summary>
    public static string? CheckIcon(string? icon) =>
        string.IsNullOrWhiteSpace(icon) ? "Choose an icon."
        : new StringInfo(icon.Trim()).LengthInTextElements > 2 || icon.Trim().Length > 32 ? "An icon is a single emoji."
        : null;

    /// <summary>The icon a form chose: a typed emoji wins over the preset radios.</summary>
    public static string ChosenIcon(string? preset, string? custom) =>
        string.IsNullOrWhiteSpace(custom) ? preset?.Trim() ?? "" : custom.Trim();
}
