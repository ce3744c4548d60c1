using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Trakt;

public enum SyncStatus { Running, Completed, Partial, Failed, Cancelled }

/// <summary>One sync run as recorded: what it pulled and pushed so far, and how it ended.</summary>
public sealed record SyncRun(long Id, long MemberId, string Trigger, SyncStatus Status, string? Phase, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, bool CancelRequested, int HistoryPulled, int RatingsPulled, int WatchlistPulled, int WatchesPushed,
    int RatingsPushed, int NotFound, IReadOnlyList<string> Errors);

/// <summary>A member's totals: distinct movies watched, plays, rated movies, watchlist items, and watches waiting to go to Trakt.</summary>
public sealed record SyncCounts(long Movies, long Plays, long Ratings, long WatchlistItems, long Waiting);

/// <summary>What a run has done so far; written to its row as it goes, for the page's progress.</summary>
public sealed class SyncProgress
{
    public string Phase { get; set; } = "Starting";
    /// <summary>A step wrote to the member's watches, ratings or watchlist: the household's pages must be evicted.</summary>
    public bool Changed { get; set; }
    public int HistoryPulled, RatingsPulled, WatchlistPulled, WatchesPushed, RatingsPushed, NotFound;
    public List<string> Errors { get; } = [];
}

/// <summary>
/// The trakt_sync_runs table. At most one run per member is 'running' (a unique index), and a run is
/// executed by whoever holds its lease, so a job Hangfire delivers twice, or two app processes, sync
/// once; a run whose process died is taken over when its lease has run out.
/// </summary>
public sealed class TraktSyncRuns(Db db, TimeProvider time)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private const string SelectRun = """
        SELECT id AS Id, user_id AS MemberId, trigger AS Trigger, status AS Status, phase AS Phase, started_at AS StartedAt,
               finished_at AS FinishedAt, cancel_requested AS CancelRequested, history_pulled AS HistoryPulled,
               ratings_pulled AS RatingsPulled, watchlist_pulled AS WatchlistPulled, watches_pushed AS WatchesPushed,
               ratings_pushed AS RatingsPushed, not_found AS NotFound, errors AS Errors, lease_until AS LeaseUntil
        FROM trakt_sync_runs
        """;

    /// <summary>Records a new run for the member; null when one is running already (its lease still held).</summary>
    public async Task<long?> StartAsync(long memberId, string trigger)
    {
        var now = time.GetUtcNow();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        await SweepAsync(connection, transaction, memberId, now);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO trakt_sync_runs (user_id, trigger, status, phase, started_at, lease_until)
                VALUES (@memberId, @trigger, 'running', 'Waiting to start', @now, @lease) RETURNING id
                """, new { memberId, trigger, now = SqliteTime.ToText(now), lease = SqliteTime.ToText(now + Lease) }, transaction);
            await transaction.CommitAsync();
            return id;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == 2067)
        {
            return null; // one is running
        }
    }

    /// <summary>
    /// A run whose lease ran out (its process died, or its job never started) is over: it must not block
    /// every later sync, nor leave the page polling a run nobody executes.
    /// </summary>
    private static Task SweepAsync(System.Data.IDbConnection connection, System.Data.IDbTransaction? transaction, long memberId, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            UPDATE trakt_sync_runs SET status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'failed' END, finished_at = @now, phase = NULL,
                   errors = CASE WHEN cancel_requested = 1 THEN errors
                                 ELSE coalesce(errors || char(10), '') || 'The sync was interrupted (the app stopped); the next one carries on.' END
            WHERE user_id = @memberId AND status = 'running' AND lease_until < @now
            """, new { memberId, now = SqliteTime.ToText(now) }, transaction);

    /// <summary>Takes (or renews) the run's lease for <paramref name="worker"/>; false when another worker holds it or it ended.</summary>
    public async Task<bool> ClaimAsync(long runId, string worker)
    {
        var now = time.GetUtcNow();
        await using var connection = db.OpenConnection();
        return await connection.ExecuteAsync("""
            UPDATE trakt_sync_runs SET worker = @worker, lease_until = @lease,
                   phase = CASE WHEN phase = 'Waiting to start' THEN 'Starting' ELSE phase END
            WHERE id = @runId AND status = 'running' AND (worker IS NULL OR worker = @worker OR lease_until < @now)
            """, new { runId, worker, now = SqliteTime.ToText(now), lease = SqliteTime.ToText(now + Lease) }) == 1;
    }

    /// <summary>
    /// Writes the progress so far and renews <paramref name="worker"/>'s lease. Returns whether the run
    /// must stop: the member asked to cancel, or the run is no longer this worker's (its lease ran out).
    /// </summary>
    public async Task<bool> ReportAsync(long runId, string worker, SyncProgress progress)
    {
        var now = time.GetUtcNow();
        await using var connection = db.OpenConnection();
        return await connection.ExecuteScalarAsync<bool?>("""
            UPDATE trakt_sync_runs SET phase = @Phase, history_pulled = @HistoryPulled, ratings_pulled = @RatingsPulled,
                   watchlist_pulled = @WatchlistPulled, watches_pushed = @WatchesPushed, ratings_pushed = @RatingsPushed,
                   not_found = @NotFound, lease_until = @lease
            WHERE id = @runId AND worker = @worker AND status = 'running' RETURNING cancel_requested
            """, new
        {
            runId, worker, progress.Phase, progress.HistoryPulled, progress.RatingsPulled, progress.WatchlistPulled, progress.WatchesPushed,
            progress.RatingsPushed, progress.NotFound, lease = SqliteTime.ToText(now + Lease),
        }) ?? true;
    }

    public async Task<bool> CancelRequestedAsync(long runId)
    {
        await using var connection = db.OpenConnection();
        return await connection.ExecuteScalarAsync<bool>("SELECT cancel_requested FROM trakt_sync_runs WHERE id = @runId", new { runId });
    }

    public async Task FinishAsync(long runId, string worker, SyncStatus status, SyncProgress progress)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("""
            UPDATE trakt_sync_runs SET status = @status, finished_at = @now, lease_until = NULL, phase = NULL, errors = @errors,
                   history_pulled = @HistoryPulled, ratings_pulled = @RatingsPulled, watchlist_pulled = @WatchlistPulled,
                   watches_pushed = @WatchesPushed, ratings_pushed = @RatingsPushed, not_found = @NotFound
            WHERE id = @runId AND worker = @worker AND status = 'running'
            """, new
        {
            runId, worker, progress.HistoryPulled, progress.RatingsPulled, progress.WatchlistPulled, progress.WatchesPushed,
            progress.RatingsPushed, progress.NotFound, status = status.ToString().ToLowerInvariant(), now = SqliteTime.ToText(time.GetUtcNow()),
            errors = progress.Errors.Count == 0 ? null : string.Join('\n', progress.Errors.Distinct()),
        });
    }

    /// <summary>Asks the member's running sync to stop; it does within a couple of seconds. False when none runs.</summary>
    public async Task<bool> RequestCancelAsync(long memberId)
    {
        var now = time.GetUtcNow();
        await using var connection = db.OpenConnection();
        var asked = await connection.ExecuteAsync(
            "UPDATE trakt_sync_runs SET cancel_requested = 1 WHERE user_id = @memberId AND status = 'running'", new { memberId }) > 0;
        // A run no worker has taken yet (its job still queued) ends now; a running one stops within a couple of seconds.
        await connection.ExecuteAsync("""
            UPDATE trakt_sync_runs SET status = 'cancelled', finished_at = @now, phase = NULL, lease_until = NULL
            WHERE user_id = @memberId AND status = 'running' AND worker IS NULL
            """, new { memberId, now = SqliteTime.ToText(now) });
        return asked;
    }

    public async Task<SyncRun?> FindAsync(long runId)
    {
        await using var connection = db.OpenConnection();
        return (await connection.QuerySingleOrDefaultAsync<Row>($"{SelectRun} WHERE id = @runId", new { runId }))?.ToRun();
    }

    /// <summary>The member's newest run, and their newest that completed or partly did (for "last synced").</summary>
    public async Task<(SyncRun? Latest, SyncRun? LastSynced)> LatestAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        var now = time.GetUtcNow();
        var latest = await connection.QuerySingleOrDefaultAsync<Row>($"{SelectRun} WHERE user_id = @memberId ORDER BY id DESC LIMIT 1", new { memberId });
        // Read every 2 s while the page polls: a write only when the newest run's lease has run out.
        if (latest is { Status: "running", LeaseUntil: { } lease } && SqliteTime.Parse(lease) < now)
        {
            await SweepAsync(connection, null, memberId, now);
            latest = await connection.QuerySingleOrDefaultAsync<Row>($"{SelectRun} WHERE user_id = @memberId ORDER BY id DESC LIMIT 1", new { memberId });
        }
        var synced = await connection.QuerySingleOrDefaultAsync<Row>(
            $"{SelectRun} WHERE user_id = @memberId AND status IN ('completed', 'partial') ORDER BY id DESC LIMIT 1", new { memberId });
        return (latest?.ToRun(), synced?.ToRun());
    }

    /// <summary>What the member has, for the Trakt page and the status JSON.</summary>
    public async Task<SyncCounts> CountsAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        return await connection.QuerySingleAsync<SyncCounts>("""
            SELECT count(DISTINCT tmdb_id) AS Movies, count(*) AS Plays,
                   count(DISTINCT CASE WHEN rating IS NOT NULL THEN tmdb_id END) AS Ratings,
                   (SELECT count(*) FROM trakt_watchlist WHERE user_id = @memberId) AS WatchlistItems,
                   count(CASE WHEN synced_to_trakt = 0 AND (push_state IS NULL OR push_state = 'sent') AND watched_at IS NOT NULL THEN 1 END) AS Waiting
            FROM watch_history WHERE user_id = @memberId AND tmdb_id > 0
            """, new { memberId });
    }

    /// <summary>Watches Trakt did not know, with why, to show the member.</summary>
    public async Task<IReadOnlyList<(string Title, string Note)>> NotFoundAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        return (await connection.QueryAsync<(string, string)>("""
            SELECT coalesce(n.title, m.title, 'TMDB movie ' || w.tmdb_id), coalesce(w.push_note, '') FROM watch_history w
            LEFT JOIN nominations n ON n.id = w.nomination_id LEFT JOIN movies m ON m.tmdb_id = w.tmdb_id
            WHERE w.user_id = @memberId AND w.push_state = 'not_found' ORDER BY w.watched_at DESC LIMIT 50
            """, new { memberId })).AsList();
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public long MemberId { get; init; }
        public string Trigger { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Phase { get; init; }
        public string StartedAt { get; init; } = "";
        public string? FinishedAt { get; init; }
        public bool CancelRequested { get; init; }
        public int HistoryPulled { get; init; }
        public int RatingsPulled { get; init; }
        public int WatchlistPulled { get; init; }
        public int WatchesPushed { get; init; }
        public int RatingsPushed { get; init; }
        public int NotFound { get; init; }
        public string? Errors { get; init; }
        public string? LeaseUntil { get; init; }

        public SyncRun ToRun() => new(Id, MemberId, Trigger, Enum.Parse<SyncStatus>(Status, ignoreCase: true), Phase, SqliteTime.Parse(StartedAt),
            FinishedAt is null ? null : SqliteTime.Parse(FinishedAt), CancelRequested, HistoryPulled, RatingsPulled, WatchlistPulled,
            WatchesPushed, RatingsPushed, NotFound,
            Errors is null ? [] : Errors.Split('\n'));
    }
}
