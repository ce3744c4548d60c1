using Dapper;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

/// <summary>The Quartz job, its persistent trigger and the start-up catch-up, with a real scheduler.</summary>
public sealed class CloseWeekJobTests
{
    private static readonly DateTimeOffset Tuesday = WeekGame.Local(2026, 3, 3);

    /// <summary>Quartz polls its store once a second instead of every 30, so a moved clock is noticed quickly.</summary>
    private static readonly Dictionary<string, string?> QuickScheduler = new() { ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01" };

    [Fact]
    public async Task Closing_job_is_scheduled_for_the_voting_deadline_in_the_household_zone()
    {
        using var game = new WeekGame(Tuesday);
        var next = await WaitForAsync(() => game.Get<CloseWeekTrigger>().NextFireAsync());
        Assert.Equal(WeekGame.Local(2026, 3, 6, 18), next);
    }

    [Fact]
    public async Task Job_closes_the_week_when_the_clock_passes_the_deadline()
    {
        using var game = new WeekGame(Tuesday, settings: QuickScheduler);
        var timea = await game.MemberAsync("Timea");
        var erik = await game.MemberAsync("Erik");
        var dune = await game.NominateAsync(timea, "Dune");
        var alien = await game.NominateAsync(erik, "Alien");
        await game.VoteAsync(timea, alien);
        await WaitForAsync(() => game.Get<CloseWeekTrigger>().NextFireAsync());

        game.SetClock(WeekGame.Local(2026, 3, 6, 18, 0).AddSeconds(2));
        var closed = await WaitForAsync(() => ClosedAsync(game, "2026-W10"));
        Assert.Equal(("deadline", alien, dune), closed);
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
    public async Task A_missed_firing_runs_once_when_the_scheduler_comes_back()
    {
        using var data = new TempDirectory();
        using (var before = new WeekGame(Tuesday, data))
            await WaitForAsync(() => before.Get<CloseWeekTrigger>().NextFireAsync());

        // Nobody nominated, so the catch-up leaves the week alone; the stored trigger misfired while the
        // app was down, and Quartz fires it once on start: the job closes the week, empty.
        using var after = new WeekGame(WeekGame.Local(2026, 3, 7, 12), data, QuickScheduler);
        Assert.Equal(("deadline", (long?)null, (long?)null), await WaitForAsync(() => ClosedAsync(after, "2026-W10")));
        Assert.Equal(WeekGame.Local(2026, 3, 13, 18), await after.Get<CloseWeekTrigger>().NextFireAsync());
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
