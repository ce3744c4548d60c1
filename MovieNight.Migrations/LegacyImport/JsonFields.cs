using System.Text.Json;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Typed access to data.json values that fails with the JSON path and what was expected, so every
/// error the household sees points at one value in their file.
/// </summary>
internal static class JsonFields
{
    public static string Child(string parent, string name) =>
        IsShorthandName(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("\\", "\\\\").Replace("'", "\\'")}']";

    public static string Child(string parent, int index) => $"{parent}[{index}]";

    public static LegacyImportException Unexpected(string path, string expected, JsonElement found) =>
        new(path, $"expected {expected}, found {Describe(found)}");

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The property's value, or false when it is missing or null (both mean "not given").</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static string Text(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String) throw Unexpected(path, "a string", value);
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // An escaped lone surrogate ("\ud83d") cannot become a .NET string without loss.
            throw new LegacyImportException(path, "expected a string of valid Unicode text, found a broken escape sequence", e);
        }
    }

    public static string Name(JsonProperty property, string parentPath)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw new LegacyImportException(parentPath, "expected keys of valid Unicode text, found a broken escape sequence", e);
        }
    }

    public static string RequiredText(JsonElement obj, string name, string path, string what)
    {
        var childPath = Child(path, name);
        if (!TryGet(obj, name, out var value))
            throw new LegacyImportException(childPath, $"expected a string ({what}), found {(obj.TryGetProperty(name, out _) ? "null" : "nothing")}");
        return Text(value, childPath);
    }

    public static string? OptionalText(JsonElement obj, string name, string path) =>
        TryGet(obj, name, out var value) ? Text(value, Child(path, name)) : null;

    public static long? OptionalWholeNumber(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value)) return null;
        var childPath = Child(path, name);
        if (value.ValueKind != JsonValueKind.Number) throw Unexpected(childPath, "a number", value);
        if (!value.TryGetInt64(out var number))
            throw new LegacyImportException(childPath, $"expected a whole number, found {value.GetRawText()}");
        return number;
    }

    public static double? OptionalNumber(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number) throw Unexpected(Child(path, name), "a number", value);
        return value.GetDouble();
    }

    public static bool OptionalBoolean(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value)) return false;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Unexpected(Child(path, name), "true or false", value),
        };
    }

    /// <summary>The object at <paramref name="name"/>, or null when missing or null.</summary>
    public static JsonElement? OptionalObject(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Object) throw Unexpected(Child(path, name), "an object", value);
        return value;
    }

    public static JsonElement? OptionalArray(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) throw Unexpected(Child(path, name), "an array", value);
        return value;
    }

    // RFC 9535 member-name-shorthand: a letter, "_" or any non-ASCII character first, then also digits.
    private static bool IsShorthandName(string name)
    {
        if (name.Length == 0 || !IsNameFirst(name[0])) return false;
        foreach (var c in name)
            if (!IsNameFirst(c) && !char.IsAsciiDigit(c)) return false;
        return true;
    }

    private static bool IsNameFirst(char c) => char.IsAsciiLetter(c) || c == '_' || c >= 0x80;
}
