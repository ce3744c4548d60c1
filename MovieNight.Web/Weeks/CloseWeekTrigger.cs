using System.Globalization;
using Quartz;

namespace MovieNight.Web.Weeks;

/// <summary>The Quartz trigger that fires <see cref="CloseWeekJob"/> at the voting deadline, in the household's time zone.</summary>
public sealed class CloseWeekTrigger(ISchedulerFactory schedulers, ILogger<CloseWeekTrigger> logger)
{
    public static readonly JobKey Job = new("close-week", "weeks");
    public static readonly TriggerKey Trigger = new("close-week-at-deadline", "weeks");

    /// <summary>"0 0 18 ? * FRI": second, minute, hour, any day of the month, every month, the deadline's weekday.</summary>
    public static string CronFor(WeekSchedule schedule)
    {
        var deadline = schedule.VotingCloses;
        var day = deadline.Day.ToString()[..3].ToUpperInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"0 {deadline.Time.Minute} {deadline.Time.Hour} ? * {day}");
    }

    /// <summary>
    /// Stores the trigger, or replaces it when the deadline or the zone changed. An unchanged trigger is
    /// left alone: a deadline that passed while the app was down is then a misfire, which the
    /// fire-once-now policy runs as soon as the scheduler starts.
    /// </summary>
    public async Task ScheduleAsync(WeekClock clock, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var cron = CronFor(clock.Schedule);
        if (await scheduler.GetTrigger(Trigger, cancellationToken) is ICronTrigger stored
            && stored.CronExpressionString == cron && stored.TimeZone.Id == clock.Zone.Id)
            return;
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(Trigger)
            .ForJob(Job)
            .WithSchedule(CronScheduleBuilder.Create(cron).InTimeZone(clock.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        var next = await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
        logger.LogInformation("Weeks close at {Cron} ({Zone}); next at {Next}", cron, clock.Zone.Id, next);
    }

    /// <summary>When the job fires next, as Quartz has it stored.</summary>
    public async Task<DateTimeOffset?> NextFireAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return (await scheduler.GetTrigger(Trigger, cancellationToken))?.NextFireTimeUtc;
    }
}
