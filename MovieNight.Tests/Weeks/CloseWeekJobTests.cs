using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Weeks;
using Quartz;

namespace MovieNight.Tests.Weeks;

public sealed class CloseWeekJobTests
{
    [Fact]
    public async Task Closing_job_is_scheduled_for_the_voting_deadline_in_the_household_zone()
    {
        using var game = new WeekGame(WeekGame.Local(2026, 3, 3));
        var trigger = game.Get<CloseWeekTrigger>();
        var next = await WaitForAsync(() => trigger.NextFireAsync());
        Assert.Equal(WeekGame.Local(2026, 3, 6, 18), next);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read, int seconds = 20) where T : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await read() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Nothing came within the time allowed.");
            await Task.Delay(100);
        }
    }
}
