using Dapper;
using Microsoft.Data.Sqlite;
using static MovieNight.Migrations.LegacyImport.OldAppValues;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Reads the old app's movie-night.db (its db/database.js schema) into <see cref="LegacyData"/>, the
/// form data.json is read into, so both are written by the same writer. Decisions where the old
/// schema is silent follow shared/legacy-data.md: weeks with a week_results row are closed with their
/// stored winners, the others stay open for the app's week job; ratings are 1–5 stars.
/// </summary>
internal sealed class OldAppDatabaseReader(SqliteConnection source, byte[]? oldKey)
{
    private readonly LegacyData data = new();
    private readonly Dictionary<long, string> memberNames = [];
    private readonly SortedDictionary<string, LegacyWeek> weeks = new(StringComparer.Ordinal);
    private readonly Dictionary<long, LegacyNomination> nominations = [];
    private readonly Dictionary<LegacyNomination, LegacyWeek> weekOf = new(ReferenceEqualityComparer.Instance);

    public LegacyData Read()
    {
        ReadUsers();
        ReadNominations();
        ReadVotes();
        ReadWeekResults();
        ReadWatches();
        ReadTraktLinks();
        data.Weeks.AddRange(weeks.Values);
        return data;
    }

    private IEnumerable<object?[]> Rows(string sql)
    {
        using var command = source.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            yield return row;
        }
    }

    private void ReadUsers()
    {
        foreach (var row in Rows("SELECT id, name, icon, pin FROM users ORDER BY id"))
        {
            var id = row[0]!;
            var name = RequiredText(row[1], Path("users", id, "name"), "a member name");
            // The old app kept PINs in plain text; an empty one is no PIN (the member chooses one at first sign-in).
            var pin = Text(row[3]) is { Length: > 0 } text ? text : null;
            memberNames.Add((long)id, name);
            data.Members.Add(new LegacyMember(name, Text(row[2]), pin, $"users[id={id}]"));
        }
    }

    private string Member(object? id, string path) =>
        id is long key && memberNames.TryGetValue(key, out var name) ? name
            : throw new LegacyImportException(path, $"expected the id of a row in users, found {Text(id) ?? "NULL"}");

    private LegacyWeek Week(string id, string path)
    {
        if (!weeks.TryGetValue(id, out var week))
            weeks.Add(id, week = new LegacyWeek { Id = id, JsonPath = path });
        return week;
    }

    private void ReadNominations()
    {
        foreach (var row in Rows("""
            SELECT id, week, tmdb_id, title, year, poster_path, backdrop_path, overview, rating, imdb_id, proposed_by, proposed_at
            FROM nominations ORDER BY week, proposed_at, id
            """))
        {
            var id = row[0]!;
            var week = Week(OldAppValues.Week(row[1], Path("nominations", id, "week")), Path("nominations", id, "week"));
            var tmdbId = Integer(row[2], Path("nominations", id, "tmdb_id"));
            var year = Text(row[4]);
            var rating = Real(row[8], Path("nominations", id, "rating"));
            var nomination = new LegacyNomination
            {
                LegacyId = Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)!,
                JsonPath = $"nominations[id={id}]",
                // The old app stored 0 for a movie it had no TMDB id for, "N/A" for an unknown year, 0 for no rating.
                TmdbId = tmdbId is > 0 ? tmdbId : null,
                Title = RequiredText(row[3], Path("nominations", id, "title"), "a title"),
                Year = year is "N/A" or "" ? null : year,
                PosterPath = Text(row[5]),
                BackdropPath = Text(row[6]),
                Overview = Text(row[7]),
                Rating = rating is > 0 ? rating : null,
                ImdbId = Text(row[9]),
                ProposedBy = Member(row[10], Path("nominations", id, "proposed_by")),
                ProposedAt = Instant(row[11], Path("nominations", id, "proposed_at")),
            };
            nominations.Add((long)id, nomination);
            weekOf.Add(nomination, week);
            week.Nominations.Add(nomination);
        }
    }

    private void ReadVotes()
    {
        foreach (var row in Rows("SELECT id, nomination_id, user_id FROM votes ORDER BY id"))
        {
            var id = row[0]!;
            var member = Member(row[2], Path("votes", id, "user_id"));
            if (row[1] is not long nominationId || !nominations.TryGetValue(nominationId, out var nomination))
            {
                // The old app deletes a withdrawn nomination's votes with it; one left over has nothing to count for.
                data.Skipped.Add(new SkippedRecord($"votes[id={id}]", $"{member}'s vote is for nomination {Text(row[1]) ?? "NULL"}, which no longer exists (withdrawn)"));
                continue;
            }
            // A vote belongs to its nomination's week, whatever its own week column says.
            weekOf[nomination].Votes.Add(new LegacyVote(nomination, member));
        }
    }

    private void ReadWeekResults()
    {
        foreach (var row in Rows("SELECT id, week, first_place_tmdb, first_place_title, second_place_tmdb, second_place_title FROM week_results ORDER BY week"))
        {
            var id = row[0]!;
            var week = Week(OldAppValues.Week(row[1], Path("week_results", id, "week")), $"week_results[id={id}]");
            // Winners as the old app stored them, never recomputed from the votes.
            week.HasResults = true;
            week.FirstPlace = Winner(week, Integer(row[2], Path("week_results", id, "first_place_tmdb")), Text(row[3]), Path("week_results", id, "first_place"));
            week.SecondPlace = Winner(week, Integer(row[4], Path("week_results", id, "second_place_tmdb")), Text(row[5]), Path("week_results", id, "second_place"));
        }
    }

    /// <summary>The week's nomination with that TMDB id, else with that title; a winner whose nomination
    /// row is gone is kept as a nomination of its title, as the data.json import keeps a winner missing from allMovies.</summary>
    private LegacyNomination? Winner(LegacyWeek week, long? tmdbId, string? title, string path)
    {
        if (tmdbId is not > 0 && string.IsNullOrEmpty(title)) return null;
        var found = FindInWeek(week.Id, tmdbId, title);
        if (found is not null) return found;
        var proposer = data.Members.FirstOrDefault()?.Name
            ?? throw new LegacyImportException(path, "expected a member to attribute the winner to, found no users");
        var kept = new LegacyNomination
        {
            LegacyId = path,
            JsonPath = path,
            TmdbId = tmdbId is > 0 ? tmdbId : null,
            Title = string.IsNullOrEmpty(title) ? $"TMDB movie {tmdbId}" : title,
            ProposedBy = proposer,
        };
        week.Nominations.Add(kept);
        data.Warnings.Add(new SkippedRecord(path,
            $"\"{kept.Title}\" won {week.Id} but its nomination is no longer in the database; imported it as a nomination of that week, attributed to {proposer} (who nominated it is unknown)"));
        return kept;
    }

    private LegacyNomination? FindInWeek(string week, long? tmdbId, string? title)
    {
        if (!weeks.TryGetValue(week, out var found)) return null;
        return found.Nominations.FirstOrDefault(n => tmdbId is > 0 && n.TmdbId == tmdbId)
            ?? found.Nominations.FirstOrDefault(n => title is not null && string.Equals(n.Title, title, StringComparison.OrdinalIgnoreCase));
    }

    private void ReadWatches()
    {
        foreach (var row in Rows("SELECT id, user_id, tmdb_id, title, watched_at, rating, week, synced_to_trakt FROM watch_history ORDER BY id"))
        {
            var id = row[0]!;
            var member = Member(row[1], Path("watch_history", id, "user_id"));
            var tmdbId = Integer(row[2], Path("watch_history", id, "tmdb_id")) ?? 0;
            var title = Text(row[3]);
            var stars = Integer(row[5], Path("watch_history", id, "rating"));
            if (stars is not (null or >= 1 and <= 5))
                throw new LegacyImportException(Path("watch_history", id, "rating"), $"expected 1 to 5 stars, found {stars}");
            var week = row[6] is null or DBNull ? null : OldAppValues.Week(row[6], Path("watch_history", id, "week"));
            var nomination = week is null ? null : FindInWeek(week, tmdbId, title);
            if (tmdbId <= 0 && nomination is null)
            {
                data.Skipped.Add(new SkippedRecord($"watch_history[id={id}]",
                    $"{member} watched \"{title}\", which has no TMDB id and no nomination to show it by"));
                continue;
            }
            data.Watches.Add(new LegacyWatch(member, tmdbId, title, Instant(row[4], Path("watch_history", id, "watched_at")), (int?)stars,
                week, nomination, Integer(row[7], Path("watch_history", id, "synced_to_trakt")) is > 0, $"watch_history[id={id}]"));
        }
    }

    private void ReadTraktLinks()
    {
        foreach (var row in Rows("SELECT user_id, trakt_username, access_token, refresh_token, expires_at, linked_at FROM trakt_auth ORDER BY user_id"))
        {
            var id = row[0]!;
            var path = $"trakt_auth[user_id={id}]";
            var member = Member(row[0], path + ".user_id");
            var access = Text(row[2]) is { } storedAccess ? OldAppTokens.Read(storedAccess, oldKey) : null;
            var refresh = Text(row[3]) is { } storedRefresh ? OldAppTokens.Read(storedRefresh, oldKey) : null;
            if (access is null || refresh is null)
            {
                var why = oldKey is null ? "its tokens are encrypted and no old key was given (--old-key or TRAKT_ENCRYPTION_KEY)"
                    : "its tokens cannot be decrypted with the old key given";
                data.Warnings.Add(new SkippedRecord(path, $"{member}'s Trakt link was not carried over: {why}; re-link needed"));
                continue;
            }
            data.TraktLinks.Add(new LegacyTraktLink(member, Text(row[1]), access, refresh,
                Instant(row[4], path + ".expires_at"), Instant(row[5], path + ".linked_at"), path));
        }
    }
}
