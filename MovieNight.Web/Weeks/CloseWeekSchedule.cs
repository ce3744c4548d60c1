using System.Globalization;
using Hangfire;
using Hangfire.Storage;

namespace MovieNight.Web.Weeks;

/// <summary>The recurring Hangfire job that runs <see cref="CloseWeekJob"/> at the voting deadline, in the household's time zone.</summary>
public sealed class CloseWeekSchedule(IRecurringJobManager recurringJobs, JobStorage storage, ILogger<CloseWeekSchedule> logger)
{
    public const string JobId = "close-week";

    /// <summary>"0 18 * * 5": minute, hour, any day of the month, every month, the deadline's weekday (Sunday = 0).</summary>
    public static string CronFor(WeekSchedule schedule)
    {
        var deadline = schedule.VotingCloses;
        return string.Create(CultureInfo.InvariantCulture, $"{deadline.Time.Minute} {deadline.Time.Hour} * * {(int)deadline.Day}");
    }

    /// <summary>
    /// Stores the recurring job, or moves it when the deadline or the zone changed. Hangfire leaves an
    /// unchanged schedule's next run alone, so a deadline that passed while the app was down is still
    /// due, and the relaxed misfire handling runs it once when the server starts.
    /// </summary>
    public void Schedule(WeekClock clock)
    {
        var cron = CronFor(clock.Schedule);
        recurringJobs.AddOrUpdate<CloseWeekJob>(JobId, job => job.RunAsync(), cron,
            new RecurringJobOptions { TimeZone = clock.Zone, MisfireHandling = MisfireHandlingMode.Relaxed });
        logger.LogInformation("Weeks close at {Cron} ({Zone}); next at {Next}", cron, clock.Zone.Id, Stored()?.NextExecution);
    }

    /// <summary>The recurring job as Hangfire has it stored, or null before it is.</summary>
    public RecurringJobDto? Stored()
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([JobId]).SingleOrDefault(job => !job.Removed);
    }
}
