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
        // Windows editors save a BOM; JsonDocument rejects one in a byte buffer.
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (json.Span.StartsWith(bom)) json = json[bom.Length..];
        try
        {
            // Node's JSON.parse keeps the last of two equal keys silently; refusing them loses nothing unseen.
            return JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            var line = e.LineNumber + 1;
            var position = e.BytePositionInLine + 1;
            throw new LegacyImportException(string.IsNullOrEmpty(e.Path) ? "$" : e.Path,
                $"expected well-formed JSON, but the file is malformed or truncated at line {line}, position {position}: {reason}", e);
        }
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
