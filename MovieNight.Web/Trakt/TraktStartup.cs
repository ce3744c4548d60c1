using Hangfire;

namespace MovieNight.Web.Trakt;

/// <summary>
/// At start: loads (or creates) the token vault's key, so a bad key file stops the app before it
/// serves anyone, and schedules the daily token refresh.
/// </summary>
internal sealed class TraktStartup(TokenVault vault, IRecurringJobManager recurringJobs, ILogger<TraktStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (vault.Key.CreatedNow)
            logger.LogWarning("Created {KeyFile} to encrypt Trakt tokens (TRAKT_ENCRYPTION_KEY is not set). Back it up with the database: without it every member links Trakt again",
                vault.Key.FilePath);
        recurringJobs.AddOrUpdate<TraktTokenRefreshJob>(TraktTokenRefreshJob.Id, job => job.RunAsync(), TraktTokenRefreshJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
