using Dapper;
using Hangfire;
using Hangfire.Storage.SQLite;
using MovieNight.Tests.Weeks;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Jobs;

/// <summary>
/// Hangfire keeps process-wide statics (the configuration, the activator, the log provider); the tests
/// run many apps in one process, as here. Each app's server, clients and dashboard use its own
/// storage and container, and an app that stops takes nothing from the others.
/// </summary>
public sealed class JobsIsolationTests
{
    private static readonly Dictionary<string, string?> QuickJobs = new() { ["Jobs:QueuePollInterval"] = "00:00:00.2" };

    [Fact]
    public async Task Two_apps_in_one_process_run_their_jobs_in_their_own_storage_and_database()
    {
        using var first = new WeekGame(WeekGame.Local(2026, 3, 3), settings: QuickJobs);
        var timea = await first.MemberAsync("Timea");
        await first.NominateAsync(timea, "Dune");
        var second = new WeekGame(WeekGame.Local(2026, 3, 3), settings: QuickJobs);
        var erik = await second.MemberAsync("Erik");
        await second.NominateAsync(erik, "Alien");

        Assert.NotSame(first.Get<JobStorage>(), second.Get<JobStorage>());
        Assert.Equal(first.Data.File("jobs.db"), JobsDatabaseOf(first));
        Assert.Equal(second.Data.File("jobs.db"), JobsDatabaseOf(second));

        // The second app started last, so Hangfire's statics were set by it; the first app's job still runs in the first app.
        first.SetClock(WeekGame.Local(2026, 3, 6, 18, 1));
        await RunClosingJobAsync(first);
        Assert.Equal(1, await ClosedWeeksAsync(first));
        Assert.Equal(0, await ClosedWeeksAsync(second));
        Assert.Equal(0, second.Get<JobStorage>().GetMonitoringApi().SucceededListCount());

        // The second app stops, disposing its logger factory, which Hangfire's process-wide log provider
        // last pointed at; the first app still opens new storage connections (each asks for a logger) and runs jobs.
        second.Dispose();
        var storage = first.Get<JobStorage>();
        var connections = Enumerable.Range(0, 30).Select(_ => storage.GetConnection()).ToList(); // more than the pool holds
        connections.ForEach(connection => connection.Dispose());
        first.SetClock(WeekGame.Local(2026, 3, 13, 18, 1));
        await RunClosingJobAsync(first);
        Assert.Equal(2, await ClosedWeeksAsync(first));
    }

    private static string JobsDatabaseOf(WeekGame game)
    {
        var storage = Assert.IsType<SQLiteStorage>(game.Get<JobStorage>());
        using var context = storage.CreateAndOpenConnection();
        return context.Database.DatabasePath;
    }

    private static async Task RunClosingJobAsync(WeekGame game)
    {
        var job = game.Get<IRecurringJobManagerV2>().TriggerJob(CloseWeekSchedule.JobId);
        using var connection = game.Get<JobStorage>().GetConnection();
        for (var wait = 0; connection.GetStateData(job)?.Name != "Succeeded"; wait++)
        {
            Assert.True(wait < 200, $"job {job} is {connection.GetStateData(job)?.Name}");
            await Task.Delay(100);
        }
    }

    private static async Task<long> ClosedWeeksAsync(WeekGame game)
    {
        await using var connection = game.Db.OpenConnection();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM week_history");
    }
}
