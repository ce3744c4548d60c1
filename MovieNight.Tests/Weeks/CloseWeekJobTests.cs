using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.Storage.SQLite;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

/// <summary>
/// The closing job on a real Hangfire server over the app's jobs.db, and the start-up catch-up.
/// Hangfire schedules by the real clock, not the app's TimeProvider, so these tests check the stored
/// recurring job and trigger it, rather than wait for a real Friday; the job itself reads the app's clock.
/// </summary>
public sealed class CloseWeekJobTests
{
    private static readonly DateTimeOffset Tuesday = WeekGame.Local(2026, 3, 3);

    /// <summary>Workers look for queued jobs, and the server for due recurring jobs, five times a second instead of every 15 s.</summary>
    private static readonly Dictionary<string, string?> QuickJobs = new()
    {
        ["Jobs:QueuePollInterval"] = "00:00:00.2",
        ["Jobs:SchedulePollInterval"] = "00:00:00.2",
    };

    [Fact]
    public void Closing_job_recurs_at_the_voting_deadline_in_the_household_zone()
    {
        using var game = new WeekGame(Tuesday);
        var stored = game.Get<CloseWeekSchedule>().Stored();

        Assert.NotNull(stored);
        Assert.Equal(("0 18 * * 5", "Europe/Budapest"), (stored.Cron, stored.TimeZoneId));
        Assert.Equal(NextDeadlineFromNow(WeekGame.Budapest, WeekSchedule.Default), Utc(stored.NextExecution));
    }

    [Fact]
    public async Task Job_closes_the_week_when_it_runs_after_the_deadline()
    {
        using var game = new WeekGame(Tuesday, settings: QuickJobs);
        var timea = await game.MemberAsync("Timea");
        var erik = await game.MemberAsync("Erik");
        var dune = await game.NominateAsync(timea, "Dune");
        var alien = await game.NominateAsync(erik, "Alien");
        await game.VoteAsync(timea, alien);

        game.SetClock(WeekGame.Local(2026, 3, 6, 18, 0).AddSeconds(2));
        var job = game.Get<IRecurringJobManagerV2>().TriggerJob(CloseWeekSchedule.JobId);

        await WaitForAsync(() => Task.FromResult(SucceededOrNull(game, job)));
        Assert.Equal(("deadline", alien, dune), await ClosedAsync(game, "2026-W10"));
    }

    [Fact]
    public async Task Running_the_job_twice_changes_nothing_the_second_time()
    {
        using var game = new WeekGame(Tuesday, settings: QuickJobs);
        var timea = await game.MemberAsync("Timea");
        var dune = await game.NominateAsync(timea, "Dune");
        game.SetClock(WeekGame.Local(2026, 3, 6, 18, 0).AddSeconds(2));
        var jobs = game.Get<IRecurringJobManagerV2>();

        var first = jobs.TriggerJob(CloseWeekSchedule.JobId);
        await WaitForAsync(() => Task.FromResult(SucceededOrNull(game, first)));
        var afterFirst = await ResultsAsync(game);
        game.SetClock(WeekGame.Local(2026, 3, 6, 18, 5)); // a second delivery, a little later
        var second = jobs.TriggerJob(CloseWeekSchedule.JobId);
        await WaitForAsync(() => Task.FromResult(SucceededOrNull(game, second)));

        Assert.Equal(("deadline", dune, (long?)null), await ClosedAsync(game, "2026-W10"));
        Assert.Equal(afterFirst, await ResultsAsync(game));
    }

    [Fact]
    public async Task A_deadline_missed_while_the_app_was_down_is_caught_up_when_it_starts_again()
    {
        using var data = new TempDirectory();
        long dune;
        using (var before = new WeekGame(Tuesday, data))
        {
            var timea = await before.MemberAsync("Timea");
            await before.MemberAsync("Erik");
            dune = await before.NominateAsync(timea, "Dune");
        }
        // Down from Tuesday until the next Monday: the catch-up closes the week before the first request.
        using var after = new WeekGame(WeekGame.Local(2026, 3, 9, 10), data);
        Assert.Equal(("catch-up", dune, (long?)null), await ClosedAsync(after, "2026-W10"));
        Assert.Equal(("2026-W11", WeekPhase.Nomination), ((await after.Weeks.CurrentAsync()).Week.ToString(), (await after.Weeks.CurrentAsync()).Phase));
    }

    [Fact]
    public async Task Runs_missed_while_the_app_was_down_run_once_when_the_server_comes_back()
    {
        using var data = new TempDirectory();
        using (var before = new WeekGame(Tuesday, data))
            Assert.NotNull(before.Get<CloseWeekSchedule>().Stored());
        // The job was stored three weeks ago and the app has been down since: three Fridays were missed.
        RewindToDownSince(data, TimeProvider.System.GetUtcNow().AddDays(-22));

        // Nobody nominated, so the catch-up leaves the week alone; the job, run by the server's
        // misfire handling, closes it, empty.
        using var after = new WeekGame(WeekGame.Local(2026, 3, 7, 12), data, QuickJobs);
        Assert.Equal(("deadline", (long?)null, (long?)null), await WaitForAsync(() => ClosedAsync(after, "2026-W10")));
        var stored = after.Get<CloseWeekSchedule>().Stored()!;
        await WaitForAsync(() => Task.FromResult(SucceededOrNull(after, stored.LastJobId!)));
        await Task.Delay(TimeSpan.FromSeconds(1)); // several more scheduler polls: none may run it again
        Assert.Equal(1, after.Get<JobStorage>().GetMonitoringApi().SucceededListCount());
        Assert.Equal(NextDeadlineFromNow(WeekGame.Budapest, WeekSchedule.Default), Utc(after.Get<CloseWeekSchedule>().Stored()!.NextExecution));
    }

    /// <summary>Rewrites the stored recurring job as if created at <paramref name="since"/> and never run since.</summary>
    private static void RewindToDownSince(TempDirectory data, DateTimeOffset since)
    {
        var missed = NextDeadlineAfter(since, WeekGame.Budapest, WeekSchedule.Default).UtcDateTime;
        using var storage = new SQLiteStorage(data.File("jobs.db"));
        using var connection = storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash($"recurring-job:{CloseWeekSchedule.JobId}", [
            new("CreatedAt", JobHelper.SerializeDateTime(since.UtcDateTime)),
            new("NextExecution", JobHelper.SerializeDateTime(missed)),
        ]);
        transaction.AddToSet("recurring-jobs", CloseWeekSchedule.JobId, JobHelper.ToTimestamp(missed));
        transaction.Commit();
    }

    /// <summary>The first deadline after the real now: where Hangfire, which schedules by the real clock, puts the next run.</summary>
    internal static DateTimeOffset NextDeadlineFromNow(TimeZoneInfo zone, WeekSchedule schedule) =>
        NextDeadlineAfter(TimeProvider.System.GetUtcNow(), zone, schedule);

    private static DateTimeOffset NextDeadlineAfter(DateTimeOffset instant, TimeZoneInfo zone, WeekSchedule schedule)
    {
        var clock = new WeekClock(zone, schedule);
        var thisWeeks = clock.Read(instant).Times.VotingCloses;
        return thisWeeks > instant ? thisWeeks : clock.Read(instant.AddDays(7)).Times.VotingCloses;
    }

    internal static DateTimeOffset? Utc(DateTime? stored) =>
        stored is { } instant ? new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc)) : null;

    private static bool? SucceededOrNull(WeekGame game, string jobId)
    {
        using var connection = game.Get<JobStorage>().GetConnection();
        return connection.GetStateData(jobId)?.Name == "Succeeded" ? true : null;
    }

    private static async Task<string> ResultsAsync(WeekGame game)
    {
        await using var connection = game.Db.OpenConnection();
        var rows = (await connection.QueryAsync("SELECT * FROM week_history ORDER BY week"))
            .Concat(await connection.QueryAsync("SELECT * FROM weeks ORDER BY week"));
        return string.Join("\n", rows.Select(row => string.Join(", ", (IDictionary<string, object>)row)));
    }

    private static async Task<(string ClosedBy, long? First, long? Second)?> ClosedAsync(WeekGame game, string week)
    {
        await using var connection = game.Db.OpenConnection();
        var row = await connection.QuerySingleOrDefaultAsync<(string ClosedBy, long? First, long? Second)>("""
            SELECT w.closed_by, h.first_place_id, h.second_place_id FROM week_history h JOIN weeks w ON w.week = h.week WHERE h.week = @week
            """, new { week });
        return row.ClosedBy is null ? null : row;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read, int seconds = 20) where T : struct
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (true)
        {
            if (await read() is { } value) return value;
            if (TimeProvider.System.GetUtcNow() > deadline) throw new TimeoutException("Nothing came within the time allowed.");
            await Task.Delay(100);
        }
    }
}
