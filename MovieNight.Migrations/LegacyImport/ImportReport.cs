using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>A value in the file that was not imported (or imported with a caveat), and why. For data.json the
/// path is a JSON path; for the old app's movie-night.db it names the table and row ("votes[id=12]").</summary>
public sealed record SkippedRecord(string JsonPath, string Reason);

/// <summary>
/// What an import did (or, for a dry run, would do). Stored as JSON in legacy_imports.report so the
/// app can show it to the first admin later.
/// </summary>
public sealed record ImportReport
{
    // Relaxed escaping keeps names like "Jázmin" readable in the database; the app HTML-encodes on output.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string FileName { get; init; } = "";
    public bool DryRun { get; init; }

    /// <summary>The same file (by SHA-256) was imported before; nothing was written this time.</summary>
    public bool AlreadyImported { get; init; }
    public DateTimeOffset? PreviouslyImportedAt { get; init; }

    /// <summary>New members created; members matched to existing ones by name are listed in <see cref="Skipped"/>.</summary>
    public int Members { get; init; }
    public int Weeks { get; init; }
    public int Nominations { get; init; }
    public int Votes { get; init; }
    public int Ratings { get; init; }
    /// <summary>watch_history rows: one per rating (the only proof in the file that a member watched).</summary>
    public int Watches { get; init; }
    public int WeekHistoryRows { get; init; }
    /// <summary>Members whose Trakt link was carried over from the old app's movie-night.db.</summary>
    public int TraktLinks { get; init; }

    /// <summary>The member made admin because the household had none; null when an admin already existed.</summary>
    public string? AdminName { get; init; }

    public IReadOnlyList<SkippedRecord> Skipped { get; init; } = [];

    /// <summary>Imported, but worth a look (a bot's vote count that disagreed, a winner missing from allMovies).</summary>
    public IReadOnlyList<SkippedRecord> Warnings { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ImportReport FromJson(string json) =>
        JsonSerializer.Deserialize<ImportReport>(json, JsonOptions) ?? throw new JsonException("The report is null.");

    public string ToText()
    {
        var text = new StringBuilder();
        if (AlreadyImported)
        {
            var when = PreviouslyImportedAt is { } at ? " on " + SqliteTime.ToText(at) : "";
            return $"{FileName} was already imported{when}; nothing was written.{Environment.NewLine}";
        }
        text.AppendLine(DryRun ? $"Dry run of {FileName}: nothing was written. It would import:" : $"Imported {FileName}:");
        Line(text, "Members", Members);
        Line(text, "Weeks", Weeks);
        Line(text, "Nominations", Nominations);
        Line(text, "Votes", Votes);
        Line(text, "Ratings", Ratings);
        Line(text, "Watches", Watches);
        Line(text, "Week results", WeekHistoryRows);
        if (TraktLinks > 0) Line(text, "Trakt links", TraktLinks);
        if (AdminName is not null) text.AppendLine($"  Admin: {AdminName} (the household had no admin)");
        List(text, "Skipped", Skipped);
        List(text, "Warnings", Warnings);
        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, int count) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"  {label + ":",-14}{count,6}");

    private static void List(StringBuilder text, string title, IReadOnlyList<SkippedRecord> records)
    {
        if (records.Count == 0) return;
        text.AppendLine(CultureInfo.InvariantCulture, $"{title} ({records.Count}):");
        foreach (var record in records) text.AppendLine($"  {record.JsonPath}: {record.Reason}");
    }
}
