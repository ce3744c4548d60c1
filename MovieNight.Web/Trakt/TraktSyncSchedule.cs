using Dapper;
using Hangfire;
using MovieNight.Web.Data;

namespace MovieNight.Web.Trakt;

/// <summary>
/// When syncs run: a Hangfire recurring job per linked member (every 6 hours unless an admin chose
/// otherwise), "Sync now", and right after linking. Job arguments carry the member's or the run's id,
/// never a token.
/// </summary>
public sealed class TraktSyncSchedule(TraktSyncRuns runs, IRecurringJobManager recurringJobs, IBackgroundJobClient jobs, Db db)
{
    private const string IntervalKey = "trakt.sync_interval_hours";
    public static readonly IReadOnlyList<int> Intervals = [1, 2, 3, 4, 6, 8, 12, 24];
    public const int DefaultIntervalHours = 6;

    public static string JobId(long memberId) => $"trakt-sync-{memberId}";

    /// <summary>"0 */6 * * *"; once a day at 03:00 for 24 hours.</summary>
    public static string Cron(int hours) => hours >= 24 ? "0 3 * * *" : $"0 */{hours} * * *";

    public async Task<int> IntervalHoursAsync()
    {
        await using var connection = db.OpenConnection();
        var stored = await connection.ExecuteScalarAsync<string?>("SELECT value FROM settings WHERE key = @IntervalKey", new { IntervalKey });
        return int.TryParse(stored, out var hours) && Intervals.Contains(hours) ? hours : DefaultIntervalHours;
    }

    /// <summary>An admin's choice; every linked member's job moves to it.</summary>
    public async Task<bool> SetIntervalAsync(int hours, IEnumerable<long> linkedMembers)
    {
        if (!Intervals.Contains(hours)) return false;
        await using (var connection = db.OpenConnection())
        {
            await connection.ExecuteAsync(
                "INSERT INTO settings (key, value) VALUES (@IntervalKey, @hours) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                new { IntervalKey, hours = hours.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        foreach (var member in linkedMembers) Schedule(member, hours);
        return true;
    }

    public void Schedule(long memberId, int hours) =>
        recurringJobs.AddOrUpdate<TraktSyncJob>(JobId(memberId), job => job.ScheduledAsync(memberId, CancellationToken.None), Cron(hours),
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

    public void Unschedule(long memberId) => recurringJobs.RemoveIfExists(JobId(memberId));

    /// <summary>Records a run and queues its job; null when one is running already.</summary>
    public async Task<long?> StartNowAsync(long memberId, string trigger)
    {
        if (await runs.StartAsync(memberId, trigger) is not { } runId) return null;
        jobs.Enqueue<TraktSyncJob>(job => job.RunAsync(runId, CancellationToken.None));
        return runId;
    }
}

/// <summary>The Hangfire entry points of a sync. Delivered twice, a run still runs once (its lease).</summary>
public sealed class TraktSyncJob(TraktSyncRuns runs, TraktSync sync)
{
    [AutomaticRetry(Attempts = 0)] // a failed sync is recorded and the next one carries on; no retry storm
    public async Task ScheduledAsync(long memberId, CancellationToken stopping)
    {
        if (await runs.StartAsync(memberId, "schedule") is { } runId) await sync.ExecuteAsync(runId, stopping);
    }

    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(long runId, CancellationToken stopping) => sync.ExecuteAsync(runId, stopping);
}
