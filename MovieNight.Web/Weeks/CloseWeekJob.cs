namespace MovieNight.Web.Weeks;

/// <summary>
/// Run by Hangfire at the voting deadline. It closes every week that is due rather than "the week of
/// the run", so a run delayed by downtime, a retry or a second delivery still closes the right weeks,
/// and closing a closed week changes nothing. WeekCloser's write gate serialises it with the
/// catch-up and an admin's close, so the job needs no lock of its own.
/// </summary>
public sealed class CloseWeekJob(WeekCloser closer)
{
    public async Task RunAsync() => await closer.CloseDueWeeksAsync(ClosedBy.Deadline);
}
