using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using static MovieNight.Migrations.LegacyImport.JsonFields;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Parses and validates a whole data.json (any mix of v1, v2 and the bot's shape) into
/// <see cref="LegacyData"/>, or throws <see cref="LegacyImportException"/> naming the first bad value.
/// Reads only; the database is the writer's business.
/// </summary>
internal static partial class LegacyFileReader
{
    private static readonly string[] Sections = ["movies", "users", "currentWeek", "history"];

    public static LegacyData Read(ReadOnlyMemory<byte> json, TimeZoneInfo householdTimeZone)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Unexpected("$", "an object (the old app's data.json)", root);
        if (!Sections.Any(section => root.TryGetProperty(section, out _)))
            throw new LegacyImportException("$",
                "expected at least one of \"movies\", \"users\", \"currentWeek\" or \"history\", found none; this does not look like the old app's data.json");

        var data = new LegacyData();
        var roster = new MemberRoster();
        ReadUsers(root, roster, data);

        var weeks = new List<LegacyWeek>();
        if (OptionalArray(root, "movies", "$") is { } movies)
            weeks.AddRange(new MoviesReader(roster, data, householdTimeZone).Read(movies, "$.movies"));
        var weekReader = new WeekReader(roster, data);
        if (TryGet(root, "currentWeek", out var currentWeek) && weekReader.ReadCurrent(currentWeek, "$.currentWeek") is { } current)
            weeks.Add(current);
        if (OptionalArray(root, "history", "$") is { } history)
        {
            var index = 0;
            foreach (var entry in history.EnumerateArray())
                weeks.Add(weekReader.ReadHistoryEntry(entry, Child("$.history", index++)));
        }

        CheckWeeksAreDistinct(weeks);
        data.Weeks.AddRange(weeks);
        data.Members.AddRange(roster.Members);
        return data;
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        // Windows editors save a BOM (Notepad's "Unicode" is UTF-16); JsonDocument reads BOM-less UTF-8 only.
        ReadOnlySpan<byte> utf8Bom = [0xEF, 0xBB, 0xBF];
        if (json.Span.StartsWith(utf8Bom)) json = json[utf8Bom.Length..];
        else if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) json = ToUtf8(json, new UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        else if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) json = ToUtf8(json, new UnicodeEncoding(bigEndian: true, byteOrderMark: true));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            throw new LegacyImportException("$",
                $"expected well-formed JSON, but the file is malformed or truncated at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {reason}", e);
        }
        try
        {
            RejectDuplicateKeys(document.RootElement, []);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static byte[] ToUtf8(ReadOnlyMemory<byte> utf16, Encoding encoding) =>
        Encoding.UTF8.GetBytes(encoding.GetString(utf16.Span[2..]));

    /// <summary>
    /// Node's JSON.parse silently keeps the last of two equal keys (two "Erik" entries, two votes
    /// for one id); which one the old app meant is unknowable, so the import stops and says where.
    /// The path is kept as segments and only spelled out on error: big files hold a lot of values.
    /// </summary>
    private static void RejectDuplicateKeys(JsonElement element, List<(string? Name, int Index)> path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var name = Name(property, path);
                if (!names.Add(name))
                    throw new LegacyImportException(Child(Spell(path), name), $"expected each key once per object, found \"{name}\" twice");
                path.Add((name, 0));
                RejectDuplicateKeys(property.Value, path);
                path.RemoveAt(path.Count - 1);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                path.Add((null, index++));
                RejectDuplicateKeys(item, path);
                path.RemoveAt(path.Count - 1);
            }
        }

        static string Name(JsonProperty property, List<(string? Name, int Index)> path)
        {
            try
            {
                return property.Name;
            }
            catch (InvalidOperationException e)
            {
                throw new LegacyImportException(Spell(path), "expected keys of valid Unicode text, found a broken escape sequence", e);
            }
        }

        static string Spell(List<(string? Name, int Index)> path) =>
            path.Aggregate("$", (parent, segment) => segment.Name is null ? Child(parent, segment.Index) : Child(parent, segment.Name));
    }

    private static void ReadUsers(JsonElement root, MemberRoster roster, LegacyData data)
    {
        if (OptionalObject(root, "users", "$") is not { } users) return;
        foreach (var property in users.EnumerateObject())
        {
            var name = Name(property, "$.users");
            var path = Child("$.users", name);
            if (property.Value.ValueKind != JsonValueKind.Object) throw Unexpected(path, "an object (the member's icon and pin)", property.Value);
            var icon = OptionalText(property.Value, "icon", path);
            if (icon is not null && !FieldLimits.IsIcon(icon))
            {
                // The profile form takes one emoji; anything else would break the picker's layout.
                data.Skipped.Add(new SkippedRecord(Child(path, "icon"), $"not a single emoji; {name} was imported with the default icon"));
                icon = null;
            }
            roster.Declare(new LegacyMember(name, icon, ReadPin(property.Value, name, path, data), path));
        }
    }

    private static string? ReadPin(JsonElement user, string name, string path, LegacyData data)
    {
        if (!TryGet(user, "pin", out var pin)) return null;
        var pinPath = Child(path, "pin");
        var text = pin.ValueKind == JsonValueKind.String ? Text(pin, pinPath) : throw Unexpected(pinPath, "a string of 4 to 8 digits, or null", pin);
        if (PinPattern().IsMatch(text)) return text;
        // Not a PIN the sign-in form could accept; the member picks a new one instead of being locked out.
        data.Skipped.Add(new SkippedRecord(pinPath, $"not 4 to 8 digits; {name} was imported without a PIN and sets one at first sign-in"));
        return null;
    }

    private static void CheckWeeksAreDistinct(List<LegacyWeek> weeks)
    {
        var byId = new Dictionary<string, LegacyWeek>(StringComparer.Ordinal);
        foreach (var week in weeks)
        {
            if (byId.TryAdd(week.Id, week)) continue;
            throw new LegacyImportException(week.JsonPath,
                $"expected each week once, found {week.Id} again (also at {byId[week.Id].JsonPath})");
        }
    }

    [GeneratedRegex(@"^[0-9]{4,8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PinPattern();
}
