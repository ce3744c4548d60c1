using MovieNight.Migrations;
using Hangfire;

namespace MovieNight.Web.Trakt;

/// <summary>
/// At start: loads (or creates) the token vault's key, so a bad key file stops the app before it
/// serves anyone, and schedules the daily token refresh and each linked member's sync. At stop: lets refreshes in flight finish.
/// </summary>
internal sealed class TraktStartup(TokenVault vault, TraktTokens tokens, TraktTokenStore links, TraktSyncSchedule syncs, IRecurringJobManager recurringJobs,
    ILogger<TraktStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (vault.Key.CreatedNow)
            logger.LogWarning("Created {KeyFile} to encrypt Trakt tokens (TRAKT_ENCRYPTION_KEY is not set). Back it up with the database: without it every member links Trakt again",
                vault.Key.FilePath);
        recurringJobs.AddOrUpdate<TraktTokenRefreshJob>(TraktTokenRefreshJob.Id, job => job.RunAsync(), TraktTokenRefreshJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
        var hours = await syncs.IntervalHoursAsync();
        foreach (var link in await links.ListLinkedAsync()) syncs.Schedule(link.MemberId, hours);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tokens.WhenRefreshesDoneAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopped while a Trakt token refresh was still waiting for Trakt; that member may have to link again");
        }
    }
}
