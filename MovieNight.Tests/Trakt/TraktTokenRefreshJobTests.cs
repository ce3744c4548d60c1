using Hangfire;
using Hangfire.Storage;
using MovieNight.Web.Trakt;

namespace MovieNight.Tests.Trakt;

/// <summary>The daily Hangfire job that refreshes tokens close to expiry, run by the app's real Hangfire server.</summary>
public sealed class TraktTokenRefreshJobTests
{
    private static readonly (string, string?)[] QuickJobs = [("Jobs:QueuePollInterval", "00:00:00.2"), ("Jobs:SchedulePollInterval", "00:00:00.2")];

    [Fact]
    public async Task The_daily_job_refreshes_tokens_close_to_expiry_once_even_when_run_twice()
    {
        await using var house = await TraktHousehold.StartAsync(settings: QuickJobs);
        var soon = await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Fake.TokenLifetime = TimeSpan.FromDays(30);
        await house.LinkAsync(house.Admin, house.Fake.AddUser("erik_films")); // a month left: not touched
        house.Fake.TokenLifetime = TimeSpan.FromDays(7);
        house.Clock.Advance(TimeSpan.FromDays(6)); // Timea's token has a day left

        var stored = Stored(house);
        Assert.Equal(TraktTokenRefreshJob.Cron, stored.Cron);
        await RunAsync(house);
        await RunAsync(house);

        Assert.Equal(1, house.Fake.RefreshCount);
        Assert.Equal(1, house.Fake.FindUser("timea_watches")!.RefreshCount);
        Assert.Equal(0, house.Fake.ReusedRefreshTokens);
        var timea = await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id);
        Assert.True(timea!.ExpiresAt > soon.ExpiresAt);
        // Its arguments name nobody, and hold no token.
        using var connection = house.Get<JobStorage>().GetConnection();
        Assert.Empty(connection.GetJobData(Stored(house).LastJobId)!.Job.Args);
    }

    private static RecurringJobDto Stored(TraktHousehold house)
    {
        using var connection = house.Get<JobStorage>().GetConnection();
        return connection.GetRecurringJobs([TraktTokenRefreshJob.Id]).Single();
    }

    private static async Task RunAsync(TraktHousehold house)
    {
        var job = house.Get<IRecurringJobManagerV2>().TriggerJob(TraktTokenRefreshJob.Id);
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (true)
        {
            using (var connection = house.Get<JobStorage>().GetConnection())
            {
                var state = connection.GetStateData(job)?.Name;
                if (state == "Succeeded") return;
                Assert.NotEqual("Failed", state);
            }
            if (TimeProvider.System.GetUtcNow() > deadline) throw new TimeoutException($"Job {job} did not finish.");
            await Task.Delay(100);
        }
    }
}
