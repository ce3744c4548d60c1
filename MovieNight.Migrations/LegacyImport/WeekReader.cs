using System.Text.Json;
using static MovieNight.Migrations.LegacyImport.JsonFields;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>Reads v2 weeks: <c>currentWeek</c> and the entries of <c>history</c>.</summary>
internal sealed class WeekReader(MemberRoster roster, LegacyData data)
{
    /// <summary>The current week, or null when it holds nothing to import (a fresh, empty week).</summary>
    public LegacyWeek? ReadCurrent(JsonElement currentWeek, string path)
    {
        if (currentWeek.ValueKind != JsonValueKind.Object) throw Unexpected(path, "an object (the current week)", currentWeek);
        var nominations = OptionalArray(currentWeek, "nominations", path);
        var votes = OptionalObject(currentWeek, "votes", path);
        var hasContent = nominations?.GetArrayLength() > 0 || votes?.EnumerateObject().Any() == true;
        if (!hasContent && !TryGet(currentWeek, "weekNumber", out _)) return null;

        var week = new LegacyWeek { Id = ReadWeekNumber(currentWeek, path), JsonPath = Child(path, "weekNumber"), IsCurrent = true };
        ReadNominations(week, nominations, Child(path, "nominations"));
        if (votes is not null) new WeekVotesReader(week, roster, data).Read(votes.Value, Child(path, "votes"));
        return week;
    }

    public LegacyWeek ReadHistoryEntry(JsonElement entry, string path)
    {
        if (entry.ValueKind != JsonValueKind.Object) throw Unexpected(path, "an object (a past week)", entry);
        var week = new LegacyWeek { Id = ReadWeekNumber(entry, path), JsonPath = Child(path, "weekNumber"), HasResults = true };
        ReadNominations(week, OptionalArray(entry, "allMovies", path), Child(path, "allMovies"));
        // Winners are taken as stored, never recomputed from votes (ties were settled by the old app).
        week.FirstPlace = ReadWinner(week, entry, "firstPlace", path);
        week.SecondPlace = ReadWinner(week, entry, "secondPlace", path);
        var votes = OptionalObject(entry, "votes", path);
        if (votes is not null) new WeekVotesReader(week, roster, data).Read(votes.Value, Child(path, "votes"));
        return week;
    }

    private static string ReadWeekNumber(JsonElement week, string path) =>
        WeekId.Parse(RequiredText(week, "weekNumber", path, "the ISO week, such as \"2026-W08\""), Child(path, "weekNumber"));

    private void ReadNominations(LegacyWeek week, JsonElement? nominations, string path)
    {
        if (nominations is null) return;
        var index = 0;
        foreach (var element in nominations.Value.EnumerateArray())
            AddNomination(week, NominationReader.Read(element, Child(path, index++), roster, data.Warnings));
    }

    internal static void AddNomination(LegacyWeek week, LegacyNomination nomination)
    {
        // Votes and winners find nominations by id, so two with one id would be ambiguous.
        var clash = week.Nominations.FirstOrDefault(n => n.LegacyId == nomination.LegacyId);
        if (clash is not null)
            throw new LegacyImportException(Child(nomination.JsonPath, "id"),
                $"expected nomination ids to be unique within week {week.Id}, found \"{nomination.LegacyId}\" again (first at {clash.JsonPath})");
        week.Nominations.Add(nomination);
    }

    private LegacyNomination? ReadWinner(LegacyWeek week, JsonElement entry, string name, string path)
    {
        if (!TryGet(entry, name, out var element)) return null;
        var copy = NominationReader.Read(element, Child(path, name), roster, data.Warnings);
        var original = week.Nominations.FirstOrDefault(n => n.LegacyId == copy.LegacyId);
        if (original is null)
        {
            week.Nominations.Add(copy);
            data.Warnings.Add(new SkippedRecord(copy.JsonPath,
                $"\"{copy.Title}\" (id {copy.LegacyId}) is not among the week's allMovies; imported it as a nomination of week {week.Id}"));
            return copy;
        }
        MergeRatings(original, copy);
        return original;
    }

    /// <summary>
    /// A winner copy's ratings join the allMovies entry's; where both hold a member's rating,
    /// allMovies wins because it is the later write (ratings made from the history tab).
    /// </summary>
    private void MergeRatings(LegacyNomination original, LegacyNomination copy)
    {
        foreach (var rating in copy.Ratings)
        {
            var kept = original.Ratings.FirstOrDefault(r => r.Member == rating.Member);
            if (kept is null)
                original.Ratings.Add(rating);
            else if (kept.Stars != rating.Stars)
                data.Skipped.Add(new SkippedRecord(rating.JsonPath,
                    $"{rating.Member} rated \"{original.Title}\" {rating.Stars}★ here but {kept.Stars}★ in allMovies ({kept.JsonPath}); kept {kept.Stars}★"));
        }
    }
}
