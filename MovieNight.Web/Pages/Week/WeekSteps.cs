using MovieNight.Web.Household;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Week;

/// <summary>One dated line of a step: "Opens" and "Fri 4 Dec", with the instant for a &lt;time&gt; element.</summary>
public sealed record StepLine(string Label, DateTimeOffset At, string Text);

/// <summary>A step of the week (Nominate, Vote, Results) as the stepper shows it.</summary>
public sealed record WeekStep(string Name, bool IsDone, bool IsCurrent, IReadOnlyList<StepLine> Lines);

/// <summary>
/// The week's three steps with their real dates and times: the schedule's, or what happened instead
/// (voting opened early, an admin closed it). Times at midnight read as days ("Opens Fri 4 Dec").
/// </summary>
public static class WeekSteps
{
    public static IReadOnlyList<WeekStep> Of(WeekState state, DateTimeOffset now, HouseholdTime when)
    {
        var times = state.Times;
        var openedEarly = state.VotingOpenedAt is { } opened && opened < times.VotingOpens ? opened : (DateTimeOffset?)null;
        var opens = openedEarly ?? times.VotingOpens;
        var closes = state.ClosedAt is { } closedAt && closedAt < times.VotingCloses ? closedAt : times.VotingCloses;
        var votingClosed = state.Phase == WeekPhase.Results || now >= closes;
        var current = (int)state.Phase;

        StepLine nominate = openedEarly is { } early
            ? new("Ended", early, when.DayAndTime(early))
            : new("Until", opens, IsMidnight(opens, when) ? when.Day(DateOnly.FromDateTime(when.Local(opens).DateTime).AddDays(-1)) : when.DayAndTime(opens));
        StepLine votingOpens = new(openedEarly is not null || now >= opens ? "Opened" : "Opens", opens, Moment(opens, when));
        StepLine votingCloses = new(votingClosed ? "Closed" : "Closes", closes,
            when.Local(closes).Date == when.Local(opens).Date ? when.Time(closes) : when.DayAndTime(closes));
        StepLine results = new(votingClosed ? "Since" : "Due", closes, when.DayAndTime(closes));

        return
        [
            new("Nominate", current > 0, current == 0, [nominate]),
            new("Vote", current > 1, current == 1, [votingOpens, votingCloses]),
            new("Results", false, current == 2, [results]),
        ];
    }

    private static bool IsMidnight(DateTimeOffset instant, HouseholdTime when) => when.Local(instant).TimeOfDay == TimeSpan.Zero;

    private static string Moment(DateTimeOffset instant, HouseholdTime when) =>
        IsMidnight(instant, when) ? when.Day(instant) : when.DayAndTime(instant);
}
