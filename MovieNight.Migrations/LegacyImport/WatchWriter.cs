using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Writes the old SQLite app's watches: ratings ×2 onto 1–10, their week and nomination when the
/// household watched it on movie night, and synced_to_trakt as it was, so nothing already on Trakt is
/// pushed again. A watch outside movie night has no nomination to take its title from, so the title is
/// put into the movie cache (as stale, so TMDB's details replace it when TMDB is configured).
/// </summary>
internal sealed class WatchWriter(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyDictionary<string, long> memberIds,
    IReadOnlyDictionary<LegacyNomination, long> nominationIds)
{
    private const string Stale = "0001-01-01T00:00:00.000Z";

    /// <returns>The watches written and how many of them carry a rating.</returns>
    public (int Watches, int Ratings) Write(IEnumerable<LegacyWatch> watches)
    {
        using var insertWatch = new PreparedInsert(connection, transaction, """
            INSERT INTO watch_history (user_id, tmdb_id, trakt_id, watched_at, rating, synced_to_trakt, nomination_id, week)
            VALUES ($user, $tmdb, NULL, $at, $rating, $synced, $nomination, $week)
            """, "$user", "$tmdb", "$at", "$rating", "$synced", "$nomination", "$week");
        using var cacheTitle = new PreparedInsert(connection, transaction,
            "INSERT OR IGNORE INTO movies (tmdb_id, title, fetched_at) VALUES ($tmdb, $title, $stale)", "$tmdb", "$title", "$stale");
        int count = 0, ratings = 0;
        foreach (var watch in watches)
        {
            long? nominationId = watch.Nomination is null ? null : nominationIds[watch.Nomination];
            insertWatch.Run(memberIds[watch.Member], watch.TmdbId, watch.WatchedAt is { } at ? SqliteTime.ToText(at) : null,
                watch.Stars * 2, watch.SyncedToTrakt ? 1 : 0, nominationId, watch.Week);
            if (nominationId is null && watch.TmdbId > 0 && !string.IsNullOrEmpty(watch.Title))
                cacheTitle.Run(watch.TmdbId, watch.Title, Stale);
            count++;
            if (watch.Stars is not null) ratings++;
        }
        return (count, ratings);
    }
}
