namespace MovieNight.Web.Weeks;

/// <summary>
/// At start-up (after the migrations, before the first request is served): closes weeks whose
/// deadline passed while the app was down, then makes sure the closing job is scheduled for the
/// deadline the settings name, and the sweep that fills in nominations' missing TMDB details.
/// </summary>
internal sealed class WeekStartup(WeekCloser closer, HouseholdSettings settings, CloseWeekSchedule schedule,
    NominationDetailsSchedule details, ILogger<WeekStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var closed = await closer.CloseDueWeeksAsync(ClosedBy.CatchUp);
        foreach (var closing in closed.Where(c => !c.WasAlreadyClosed))
            logger.LogInformation("Caught up on {Week}, whose deadline passed while MovieNight was not running", closing.Week);
        schedule.Schedule(await settings.ClockAsync());
        details.ScheduleSweep();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
