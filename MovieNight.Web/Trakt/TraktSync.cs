using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Http;

namespace MovieNight.Web.Trakt;

/// <summary>
/// One sync run for one member: ask Trakt what changed (/sync/last_activities), pull only the
/// categories that moved (history from a cursor, the first sync everything; ratings; the watchlist),
/// once a day reconcile removals, then push waiting watches and ratings. Each step that fails is
/// reported and the rest go on ("partial"); nothing pulled twice makes a second row, nothing pushed
/// is sent twice. The member's Cancel is honoured within a couple of seconds.
/// </summary>
public sealed class TraktSync(
    TraktSyncRuns runs, TraktClient trakt, TraktHistorySync history, TraktRatingsSync ratings, TraktWatchlistSync watchlist,
    Db db, PageCache cache, TimeProvider time, ILogger<TraktSync> logger)
{
    public static readonly TimeSpan ReconcileEvery = TimeSpan.FromDays(1);
    private static readonly TimeSpan CancelCheck = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs the recorded run <paramref name="runId"/>, unless another delivery of its job already does.</summary>
    public async Task ExecuteAsync(long runId, CancellationToken stopping)
    {
        if (await runs.FindAsync(runId) is not { Status: SyncStatus.Running } run) return;
        var worker = Guid.NewGuid().ToString("N");
        if (!await runs.ClaimAsync(runId, worker)) return;

        var progress = new SyncProgress();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var stopRequested = false;
        var watcher = Task.Run(async () =>
        {
            // Writes the progress for the page, renews the lease, and notices the member's Cancel or a lost lease.
            while (!cancel.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(CancelCheck, time, cancel.Token);
                    if (await runs.ReportAsync(runId, worker, progress)) { stopRequested = true; await cancel.CancelAsync(); }
                }
                catch (OperationCanceledException) { }
                catch (Exception e)
                {
                    // A busy database now and then must not stop the lease from being renewed next time.
                    logger.LogWarning("Could not record sync run {Run}'s progress: {Error}", runId, e.Message);
                }
            }
        });

        var status = SyncStatus.Failed;
        try
        {
            status = await SyncAsync(run.MemberId, progress, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            status = stopRequested ? SyncStatus.Cancelled : SyncStatus.Partial;
            if (!stopRequested) progress.Errors.Add("The sync stopped when MovieNight stopped; the next one carries on.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Sync run {Run} of member {Member} failed", runId, run.MemberId);
            progress.Errors.Add("Something went wrong in MovieNight during the sync; nothing was lost, the next one tries again.");
        }
        finally
        {
            await cancel.CancelAsync();
            await watcher;
            if (stopRequested || await runs.CancelRequestedAsync(runId)) status = SyncStatus.Cancelled;
            await runs.FinishAsync(runId, worker, status, progress);
            if (progress.Changed) await cache.HouseholdChangedAsync(); // pages show who watched what, and what is on whose watchlist
            logger.LogInformation("Sync run {Run} of member {Member}: {Status}", runId, run.MemberId, status);
        }
    }

    private async Task<SyncStatus> SyncAsync(long memberId, SyncProgress progress, CancellationToken cancellationToken)
    {
        progress.Phase = "Checking what changed at Trakt";
        var activities = await trakt.GetAsync<TraktSyncJson.LastActivities>(memberId, "sync/last_activities", cancellationToken);
        if (!activities.Succeeded)
        {
            progress.Errors.Add(activities.Problem.Message);
            return SyncStatus.Failed;
        }
        var seen = await LoadStateAsync(memberId);
        var movies = activities.Value.Movies;
        var failures = 0;

        if (seen.WatchedAt is null || movies?.WatchedAt != seen.WatchedAt)
        {
            progress.Phase = seen.WatchedAt is null ? "Importing your watched movies" : "Importing new watches";
            progress.Changed = true;
            var pulled = await history.PullAsync(memberId, seen.HistoryCursor, added => { progress.HistoryPulled = added; return Task.CompletedTask; }, cancellationToken);
            if (!Failed(pulled, progress, ref failures))
                await SaveStateAsync(memberId, "watched_at", movies?.WatchedAt, cursor: true, reconciled: seen.WatchedAt is null);
        }
        if (seen.RatedAt is null || movies?.RatedAt != seen.RatedAt)
        {
            progress.Phase = "Importing your ratings";
            progress.Changed = true;
            var pulled = await ratings.PullAsync(memberId, cancellationToken);
            if (!Failed(pulled, progress, ref failures))
            {
                progress.RatingsPulled = pulled.Value;
                await SaveStateAsync(memberId, "rated_at", movies?.RatedAt);
            }
        }
        var watchlistMoved = Latest(movies?.WatchlistedAt, activities.Value.Watchlist?.UpdatedAt);
        if (seen.WatchlistedAt is null || watchlistMoved != seen.WatchlistedAt)
        {
            progress.Phase = "Importing your watchlist";
            progress.Changed = true;
            var pulled = await watchlist.PullAsync(memberId, cancellationToken);
            if (!Failed(pulled, progress, ref failures))
            {
                progress.WatchlistPulled = pulled.Value;
                await SaveStateAsync(memberId, "watchlisted_at", watchlistMoved);
            }
        }
        if (seen.WatchedAt is not null && (seen.ReconciledAt is null || time.GetUtcNow() - seen.ReconciledAt > ReconcileEvery))
        {
            progress.Phase = "Checking for watches removed at Trakt";
            progress.Changed = true;
            var reconciled = await history.ReconcileAsync(memberId, cancellationToken);
            if (!Failed(reconciled, progress, ref failures))
            {
                progress.HistoryPulled += reconciled.Value.Added;
                await SaveStateAsync(memberId, "reconciled_at", time.GetUtcNow());
            }
        }

        progress.Phase = "Sending your watches to Trakt";
        var pushed = await history.PushAsync(memberId, cancellationToken);
        if (!Failed(pushed, progress, ref failures)) (progress.WatchesPushed, progress.NotFound) = pushed.Value;
        progress.Changed |= progress.WatchesPushed + progress.NotFound > 0;
        progress.Phase = "Sending your ratings to Trakt";
        var rated = await ratings.PushAsync(memberId, cancellationToken);
        if (!Failed(rated, progress, ref failures)) progress.RatingsPushed = rated.Value;
        return failures == 0 ? SyncStatus.Completed : SyncStatus.Partial;
    }

    private static bool Failed<T>(TraktResult<T> result, SyncProgress progress, ref int failures)
    {
        if (result.Succeeded) return false;
        failures++;
        progress.Errors.Add(result.Problem.Message);
        return true;
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private sealed record State(DateTimeOffset? WatchedAt, DateTimeOffset? RatedAt, DateTimeOffset? WatchlistedAt, DateTimeOffset? HistoryCursor,
        DateTimeOffset? ReconciledAt);

    private async Task<State> LoadStateAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        var row = await connection.QuerySingleOrDefaultAsync<(string? WatchedAt, string? RatedAt, string? WatchlistedAt, string? Cursor, string? ReconciledAt)>(
            "SELECT watched_at, rated_at, watchlisted_at, history_cursor, reconciled_at FROM trakt_sync_state WHERE user_id = @memberId", new { memberId });
        return new State(Parse(row.WatchedAt), Parse(row.RatedAt), Parse(row.WatchlistedAt), Parse(row.Cursor), Parse(row.ReconciledAt));
    }

    /// <summary>
    /// Remembers what a step saw. The history cursor is the newest play pulled, less a day: plays Trakt
    /// records late (a checkin finishing, another app's backfill) are pulled again and skipped by id.
    /// </summary>
    private async Task SaveStateAsync(long memberId, string column, DateTimeOffset? value, bool cursor = false, bool reconciled = false)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("INSERT INTO trakt_sync_state (user_id) VALUES (@memberId) ON CONFLICT (user_id) DO NOTHING", new { memberId });
        await connection.ExecuteAsync($"UPDATE trakt_sync_state SET {column} = @value WHERE user_id = @memberId",
            new { memberId, value = value is { } v ? SqliteTime.ToText(v) : null });
        if (cursor)
        {
            await connection.ExecuteAsync("""
                UPDATE trakt_sync_state SET history_cursor = (
                    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', max(watched_at), '-1 day') FROM watch_history
                    WHERE user_id = @memberId AND trakt_history_id IS NOT NULL)
                WHERE user_id = @memberId
                """, new { memberId });
        }
        if (reconciled)
            await connection.ExecuteAsync("UPDATE trakt_sync_state SET reconciled_at = @now WHERE user_id = @memberId",
                new { memberId, now = SqliteTime.ToText(time.GetUtcNow()) });
    }

    private static DateTimeOffset? Parse(string? text) => text is null ? null : SqliteTime.Parse(text);
}
