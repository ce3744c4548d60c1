using Quartz;

namespace MovieNight.Web.Weeks;

/// <summary>
/// Fired by Quartz at the voting deadline. It closes every week that is due rather than "the week of
/// the fire time", so a firing delayed by a misfire (the app was down) still closes the right weeks.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CloseWeekJob(WeekCloser closer) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await closer.CloseDueWeeksAsync(ClosedBy.Deadline);
}
