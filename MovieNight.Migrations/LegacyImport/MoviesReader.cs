using System.Text.Json;
using static MovieNight.Migrations.LegacyImport.JsonFields;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Reads v1's flat <c>movies</c> list. v1 had no weeks: each movie belongs to the ISO week of its
/// proposedAt in the household's time zone, and the movies marked watched are that week's picks.
/// </summary>
internal sealed class MoviesReader(MemberRoster roster, LegacyData data, TimeZoneInfo householdTimeZone)
{
    public IReadOnlyList<LegacyWeek> Read(JsonElement movies, string path)
    {
        var weeks = new Dictionary<string, LegacyWeek>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in movies.EnumerateArray())
        {
            var moviePath = Child(path, index++);
            var movie = NominationReader.Read(element, moviePath, roster, data.Warnings, v1: true);
            if (movie.ProposedAt is not { } proposedAt)
                throw new LegacyImportException(Child(moviePath, "proposedAt"),
                    "expected a date and time (v1 movies belong to the week they were proposed in), found nothing");

            var local = TimeZoneInfo.ConvertTime(proposedAt, householdTimeZone);
            var weekId = WeekId.Of(DateOnly.FromDateTime(local.DateTime));
            if (!weeks.TryGetValue(weekId, out var week))
                weeks.Add(weekId, week = new LegacyWeek { Id = weekId, JsonPath = Child(moviePath, "proposedAt") });
            WeekReader.AddNomination(week, movie);
            ReadVotes(week, movie, element, moviePath);
        }
        foreach (var week in weeks.Values) PickWatched(week);
        return [.. weeks.Values];
    }

    private void ReadVotes(LegacyWeek week, LegacyNomination movie, JsonElement element, string moviePath)
    {
        var votes = OptionalObject(element, "votes", moviePath);
        if (votes is null) return;
        var votesPath = Child(moviePath, "votes");
        foreach (var voter in votes.Value.EnumerateObject())
        {
            var name = Name(voter, votesPath);
            var voterPath = Child(votesPath, name);
            // Every key is a member (v1 listed everyone, false included), so resolve before reading the value.
            var member = roster.Resolve(name, voterPath);
            switch (voter.Value.ValueKind)
            {
                case JsonValueKind.True: week.Votes.Add(new LegacyVote(movie, member)); break;
                case JsonValueKind.False: break;
                default: throw Unexpected(voterPath, "true or false", voter.Value);
            }
        }
    }

    /// <summary>1st place is the earliest proposed watched movie of the week, 2nd the next.</summary>
    private void PickWatched(LegacyWeek week)
    {
        // OrderBy is stable: movies proposed at the same instant keep their file order.
        var watched = week.Nominations.Where(n => n.Watched).OrderBy(n => n.ProposedAt).ToList();
        if (watched.Count == 0) return;
        week.HasResults = true;
        week.FirstPlace = watched[0];
        week.SecondPlace = watched.ElementAtOrDefault(1);
        foreach (var extra in watched.Skip(2))
            data.Skipped.Add(new SkippedRecord(Child(extra.JsonPath, "watched"),
                $"a third watched movie in week {week.Id}; \"{extra.Title}\" was imported as a nomination, but week results hold only 1st and 2nd place"));
    }
}
