using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Tmdb;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Trakt;

/// <summary>
/// A member's plays both ways. Pull: Trakt's movie history into watch_history, keyed by Trakt's
/// history id (a unique index), so a repeated or interrupted pull never adds a row twice; a local watch
/// Trakt already has (same movie, same minute) is matched instead of pushed. Push: waiting watches in
/// chunks of 100, one POST each, marked 'sent' before the POST and synced only when Trakt acknowledged
/// them; a push whose answer was lost is looked up in Trakt's history before anything is resent.
/// </summary>
public sealed class TraktHistorySync(Db db, TraktClient trakt, WeekWriteGate gate)
{
    public const int PushChunk = 100;

    /// <summary>Pulls plays watched at or after <paramref name="since"/> (everything when null). Returns how many were new, or the problem.</summary>
    public async Task<TraktResult<int>> PullAsync(long memberId, DateTimeOffset? since, Func<int, Task> onPage, CancellationToken cancellationToken)
    {
        var path = since is { } from ? $"sync/history/movies?start_at={Stamp(from)}" : "sync/history/movies";
        var added = 0;
        var read = await trakt.GetPagesAsync<TraktSyncJson.HistoryItem>(memberId, path, async page =>
        {
            added += await ImportAsync(memberId, page);
            await onPage(added);
        }, cancellationToken);
        return read.Succeeded ? added : read.Problem;
    }

    /// <summary>
    /// Every play Trakt has (for the daily reconcile): plays removed at Trakt go here too. Only a read that
    /// got exactly as many plays as Trakt says it has may remove anything (a play removed at Trakt while
    /// the pages were read shifts the rest, and one would look removed). Returns the plays added and removed.
    /// </summary>
    public async Task<TraktResult<(int Added, int Removed)>> ReconcileAsync(long memberId, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>();
        var added = 0;
        var read = await trakt.GetPagesAsync<TraktSyncJson.HistoryItem>(memberId, "sync/history/movies", async page =>
        {
            foreach (var item in page) ids.Add(item.Id);
            added += await ImportAsync(memberId, page);
        }, cancellationToken);
        if (!read.Succeeded) return read.Problem;
        if (read.Value.ItemCount != ids.Count) return (added, 0);
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        var known = await connection.QueryAsync<long>(
            "SELECT trakt_history_id FROM watch_history WHERE user_id = @memberId AND trakt_history_id IS NOT NULL", new { memberId });
        var removed = known.Where(id => !ids.Contains(id)).ToList();
        // The household's own movie nights stay here (the member removed the play at Trakt, not the evening);
        // they keep synced_to_trakt, so they are never pushed again.
        var deleted = await connection.ExecuteAsync(
            "DELETE FROM watch_history WHERE user_id = @memberId AND trakt_history_id IN @removed AND nomination_id IS NULL", new { memberId, removed });
        await connection.ExecuteAsync(
            "UPDATE watch_history SET trakt_history_id = NULL WHERE user_id = @memberId AND trakt_history_id IN @removed", new { memberId, removed });
        return (added, deleted);
    }

    private async Task<int> ImportAsync(long memberId, IReadOnlyList<TraktSyncJson.HistoryItem> page)
    {
        var plays = page.Where(p => p.Movie?.Ids?.Tmdb is > 0).ToList();
        if (plays.Count == 0) return 0;
        var added = 0;
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        foreach (var play in plays)
        {
            var tmdbId = play.Movie!.Ids!.Tmdb!.Value;
            var watchedAt = SqliteTime.ToText(play.WatchedAt);
            // Trakt keeps times to the minute: a local watch of the same movie in the same minute is this play.
            var matched = await connection.ExecuteAsync("""
                UPDATE watch_history SET trakt_history_id = @id, synced_to_trakt = 1, push_state = NULL, push_note = NULL
                WHERE id = (SELECT id FROM watch_history
                            WHERE user_id = @memberId AND tmdb_id = @tmdbId AND trakt_history_id IS NULL
                              AND substr(watched_at, 1, 16) = substr(@watchedAt, 1, 16) LIMIT 1)
                  AND NOT EXISTS (SELECT 1 FROM watch_history WHERE user_id = @memberId AND trakt_history_id = @id)
                """, new { id = play.Id, memberId, tmdbId, watchedAt }, transaction);
            if (matched == 0)
            {
                added += await connection.ExecuteAsync("""
                    INSERT INTO watch_history (user_id, tmdb_id, watched_at, synced_to_trakt, trakt_history_id)
                    VALUES (@memberId, @tmdbId, @watchedAt, 1, @id)
                    ON CONFLICT (user_id, trakt_history_id) WHERE trakt_history_id IS NOT NULL DO NOTHING
                    """, new { id = play.Id, memberId, tmdbId, watchedAt }, transaction);
            }
            await MovieCache.RememberTitleAsync(connection, transaction, tmdbId, play.Movie.Title, play.Movie.Year);
        }
        await transaction.CommitAsync();
        return added;
    }

    /// <summary>
    /// Settles pushes whose answer was lost, then pushes every waiting watch. Returns how many Trakt
    /// acknowledged and how many it did not know, or the problem that stopped the push (nothing is lost:
    /// unsent watches wait for the next sync).
    /// </summary>
    public async Task<TraktResult<(int Pushed, int NotFound)>> PushAsync(long memberId, CancellationToken cancellationToken)
    {
        var settled = await SettleUnconfirmedAsync(memberId, cancellationToken);
        if (!settled.Succeeded) return settled.Problem;

        List<(long Id, long TmdbId, string WatchedAt)> waiting;
        await using (var connection = db.OpenConnection())
        {
            waiting = (await connection.QueryAsync<(long, long, string)>("""
                SELECT id, tmdb_id, watched_at FROM watch_history
                WHERE user_id = @memberId AND synced_to_trakt = 0 AND push_state IS NULL AND tmdb_id > 0 AND watched_at IS NOT NULL
                ORDER BY id
                """, new { memberId })).AsList();
        }
        var pushed = 0;
        var notFound = 0;
        foreach (var chunk in waiting.Chunk(PushChunk))
        {
            cancellationToken.ThrowIfCancellationRequested(); // a cancelled run (or one that lost its lease) sends nothing more
            // Marked before the POST: if the answer is lost, the next sync looks these up instead of resending them.
            // Only what is still there and waiting is sent: a watch removed meanwhile stays unsent.
            var ids = await MarkSentAsync(chunk.Select(w => w.Id).ToArray());
            if (ids.Length == 0) continue;
            var sending = chunk.Where(w => ids.Contains(w.Id)).ToList();
            var answer = await trakt.PostAsync<TraktSyncJson.WriteAnswer>(memberId, "sync/history", new
            {
                movies = sending.Select(w => new { ids = new { tmdb = w.TmdbId }, watched_at = w.WatchedAt }),
            }, CancellationToken.None); // a write is never cut off halfway by a cancel; the run stops after it
            if (answer.Problem?.Kind == TraktProblemKind.WriteUnconfirmed) return answer.Problem;
            if (!answer.Succeeded)
            {
                await SetStateAsync(ids, null, null); // refused as a whole, never applied: they wait for the next sync
                return answer.Problem;
            }
            var missing = (answer.Value.NotFound?.Movies ?? []).Select(m => (long?)m.Ids?.Tmdb).OfType<long>().ToHashSet();
            var unknown = sending.Where(w => missing.Contains(w.TmdbId)).Select(w => w.Id).ToArray();
            await AcknowledgeAsync(ids.Except(unknown).ToArray());
            await SetStateAsync(unknown, "not_found", "Trakt does not know this movie (its TMDB id), so it was not added to Trakt.");
            pushed += ids.Length - unknown.Length;
            notFound += unknown.Length;
        }
        return (pushed, notFound);
    }

    /// <summary>
    /// Removes one play at Trakt before the member's watch goes here: by its Trakt history id, found in
    /// Trakt's history (same movie, same minute) when the push was acknowledged but not yet pulled back.
    /// Never by movie, which would remove every play of it. A watch Trakt never had needs nothing.
    /// </summary>
    public async Task<TraktResult<bool>> RemovePlayAsync(long memberId, long watchId, CancellationToken cancellationToken = default)
    {
        (long TmdbId, string? WatchedAt, bool Synced, long? HistoryId, string? PushState) watch;
        await using (var connection = db.OpenConnection())
        {
            watch = await connection.QuerySingleOrDefaultAsync<(long, string?, bool, long?, string?)>(
                "SELECT tmdb_id, watched_at, synced_to_trakt, trakt_history_id, push_state FROM watch_history WHERE id = @watchId AND user_id = @memberId",
                new { watchId, memberId });
        }
        // Sent (or being sent) with no answer yet: Trakt may have it, so it is looked up like a synced one.
        var maybeAtTrakt = watch.Synced || watch.PushState == "sent";
        if (!maybeAtTrakt && watch.HistoryId is null) return false;
        var historyId = watch.HistoryId;
        if (historyId is null && watch.WatchedAt is { } at)
        {
            var when = SqliteTime.Parse(at);
            var found = await trakt.GetAllPagesAsync<TraktSyncJson.HistoryItem>(memberId,
                $"sync/history/movies?start_at={Stamp(when.AddMinutes(-1))}&end_at={Stamp(when.AddMinutes(1))}", cancellationToken);
            if (!found.Succeeded) return found.Problem;
            historyId = found.Value.FirstOrDefault(p => p.Movie?.Ids?.Tmdb == watch.TmdbId)?.Id;
        }
        if (historyId is null && watch.PushState == "sent")
            return new TraktProblem(TraktProblemKind.Unavailable, "A sync is sending this watch to Trakt right now; try again in a minute.");
        if (historyId is null) return false; // not at Trakt (removed there already)
        var removed = await trakt.PostAsync<object>(memberId, "sync/history/remove", new { ids = new[] { historyId.Value } }, CancellationToken.None);
        return removed.Succeeded ? true : removed.Problem;
    }

    /// <summary>Pushes whose answer was lost: found in Trakt's history (same movie, same minute) they are done, else they wait again.</summary>
    private async Task<TraktResult<int>> SettleUnconfirmedAsync(long memberId, CancellationToken cancellationToken)
    {
        List<(long Id, long TmdbId, string WatchedAt)> sent;
        await using (var connection = db.OpenConnection())
        {
            sent = (await connection.QueryAsync<(long, long, string)>(
                "SELECT id, tmdb_id, watched_at FROM watch_history WHERE user_id = @memberId AND synced_to_trakt = 0 AND push_state = 'sent'",
                new { memberId })).AsList();
        }
        if (sent.Count == 0) return 0;
        var from = sent.Min(w => SqliteTime.Parse(w.WatchedAt)).AddMinutes(-1);
        var to = sent.Max(w => SqliteTime.Parse(w.WatchedAt)).AddMinutes(1);
        var onTrakt = new List<TraktSyncJson.HistoryItem>();
        var read = await trakt.GetPagesAsync<TraktSyncJson.HistoryItem>(memberId,
            $"sync/history/movies?start_at={Stamp(from)}&end_at={Stamp(to)}", page => { onTrakt.AddRange(page); return Task.CompletedTask; }, cancellationToken);
        if (!read.Succeeded) return read.Problem;
        await ImportAsync(memberId, onTrakt); // matches each found push to its watch, with Trakt's history id
        await using (var connection = db.OpenConnection())
        {
            // Not at Trakt after all: the POST never arrived; these may be pushed again.
            return await connection.ExecuteAsync(
                "UPDATE watch_history SET push_state = NULL WHERE id IN @ids AND synced_to_trakt = 0", new { ids = sent.Select(w => w.Id) });
        }
    }

    private async Task AcknowledgeAsync(long[] ids)
    {
        if (ids.Length == 0) return;
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync(
            "UPDATE watch_history SET synced_to_trakt = 1, push_state = NULL, push_note = NULL WHERE id IN @ids", new { ids });
    }

    private async Task<long[]> MarkSentAsync(long[] ids)
    {
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        return (await connection.QueryAsync<long>(
            "UPDATE watch_history SET push_state = 'sent' WHERE id IN @ids AND synced_to_trakt = 0 AND push_state IS NULL RETURNING id", new { ids })).ToArray();
    }

    private async Task SetStateAsync(long[] ids, string? state, string? note)
    {
        if (ids.Length == 0) return;
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("UPDATE watch_history SET push_state = @state, push_note = @note WHERE id IN @ids", new { ids, state, note });
    }

    private static string Stamp(DateTimeOffset instant) => Uri.EscapeDataString(SqliteTime.ToText(instant));
}
