using Hangfire;
using Microsoft.Extensions.Options;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Backups;

/// <summary>Schedules the nightly backup at start, in the household's time zone (through DI, never Hangfire's static facades).</summary>
internal sealed class BackupStartup(IRecurringJobManager recurringJobs, HouseholdSettings settings, IOptions<BackupOptions> options,
    ILogger<BackupStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var zone = (await settings.ClockAsync()).Zone;
        recurringJobs.AddOrUpdate<NightlyBackupJob>(NightlyBackupJob.JobId, job => job.RunAsync(), options.Value.Cron,
            new RecurringJobOptions { TimeZone = zone, MisfireHandling = MisfireHandlingMode.Relaxed });
        logger.LogInformation("Nightly backups at {Cron} ({Zone}), keeping {Keep}", options.Value.Cron, zone.Id, options.Value.Keep);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
