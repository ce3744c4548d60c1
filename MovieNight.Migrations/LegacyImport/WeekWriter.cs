using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations.LegacyImport;

internal sealed record WeekCounts(int Weeks, int Nominations, int Votes, int Ratings, int Watches, int WeekHistoryRows);

/// <summary>Writes the weeks' nominations, votes, watches and results with one prepared insert each.</summary>
/// <param name="nominationIds">Filled with each nomination's new id, for the watches written after the weeks.</param>
internal sealed class WeekWriter(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyDictionary<string, long> memberIds,
    Dictionary<LegacyNomination, long> nominationIds)
{
    // watch_history.tmdb_id is NOT NULL; the app and the old app both write 0 for "no TMDB id".
    private const long NoTmdbId = 0;

    public WeekCounts Write(IEnumerable<LegacyWeek> weeks)
    {
        using var insertNomination = new PreparedInsert(connection, transaction, """
            INSERT INTO nominations (week, tmdb_id, title, year, poster_path, backdrop_path, overview, rating,
                                     proposed_by, proposed_at, imdb_id, legacy_id)
            VALUES ($week, $tmdb, $title, $year, $poster, $backdrop, $overview, $rating, $by, $at, $imdb, $legacy)
            RETURNING id
            """, "$week", "$tmdb", "$title", "$year", "$poster", "$backdrop", "$overview", "$rating", "$by", "$at", "$imdb", "$legacy");
        // The old app recorded no time for a vote, nor for when a member watched: those stay NULL.
        using var insertVote = new PreparedInsert(connection, transaction,
            "INSERT INTO votes (nomination_id, user_id, week, created_at) VALUES ($nomination, $user, $week, NULL)",
            "$nomination", "$user", "$week");
        using var insertWatch = new PreparedInsert(connection, transaction, """
            INSERT INTO watch_history (user_id, tmdb_id, trakt_id, watched_at, rating, synced_to_trakt, nomination_id, week)
            VALUES ($user, $tmdb, NULL, NULL, $rating, 0, $nomination, $week)
            """, "$user", "$tmdb", "$rating", "$nomination", "$week");
        using var insertResult = new PreparedInsert(connection, transaction,
            "INSERT INTO week_history (week, first_place_id, second_place_id, watched_on) VALUES ($week, $first, $second, NULL)",
            "$week", "$first", "$second");

        int weekCount = 0, nominations = 0, votes = 0, watches = 0, results = 0;
        foreach (var week in weeks)
        {
            foreach (var n in week.Nominations)
            {
                nominationIds[n] = insertNomination.Run(week.Id, n.TmdbId, n.Title, n.Year, n.PosterPath, n.BackdropPath, n.Overview,
                    n.Rating, memberIds[n.ProposedBy], n.ProposedAt is { } at ? SqliteTime.ToText(at) : null, n.ImdbId, n.LegacyId)!.Value;
                nominations++;
                foreach (var rating in n.Ratings)
                {
                    // MovieNight and Trakt rate 1-10; the old app's stars were 1-5.
                    insertWatch.Run(memberIds[rating.Member], n.TmdbId ?? NoTmdbId, rating.Stars * 2, nominationIds[n], week.Id);
                    watches++;
                }
            }
            foreach (var vote in week.Votes)
            {
                insertVote.Run(nominationIds[vote.Nomination], memberIds[vote.Member], week.Id);
                votes++;
            }
            if (week.HasResults && !week.IsCurrent)
            {
                insertResult.Run(week.Id, IdOf(week.FirstPlace), IdOf(week.SecondPlace));
                results++;
            }
            if (week.Nominations.Count > 0 || week.HasResults) weekCount++;
        }
        return new WeekCounts(weekCount, nominations, votes, Ratings: watches, watches, results);

        long? IdOf(LegacyNomination? nomination) => nomination is null ? null : nominationIds[nomination];
    }
}
