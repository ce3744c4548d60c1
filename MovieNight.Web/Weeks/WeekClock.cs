using MovieNight.Migrations;

namespace MovieNight.Web.Weeks;

public enum WeekPhase { Nomination, Voting, Results }

/// <summary>A moment in the week, in the household's wall-clock time: "Friday 18:00".</summary>
public readonly record struct WeekTime(DayOfWeek Day, TimeOnly Time)
{
    /// <summary>How far into the week (from Monday 00:00, wall-clock time) this moment is.</summary>
    public TimeSpan SinceMonday => TimeSpan.FromDays(((int)Day + 6) % 7) + Time.ToTimeSpan();

    public override string ToString() => $"{Day} {Time:HH\\:mm}";
}

/// <summary>
/// When voting opens and closes. Nomination runs from the start of the week (Monday 00:00) until
/// voting opens; results from the voting deadline to the end of the week. Three back-to-back
/// phases leave no gap for a week to be in no phase at all.
/// </summary>
public sealed record WeekSchedule(WeekTime VotingOpens, WeekTime VotingCloses)
{
    /// <summary>The old app's: nominate Monday to Thursday, vote Friday until 18:00, results over the weekend.</summary>
    public static WeekSchedule Default { get; } = new(new(DayOfWeek.Friday, new(0, 0)), new(DayOfWeek.Friday, new(18, 0)));

    public string? Problem =>
        VotingOpens.SinceMonday <= TimeSpan.Zero ? "Voting has to open after the week starts, so there is time to nominate."
        : VotingCloses.SinceMonday <= VotingOpens.SinceMonday ? "Voting has to close after it opens, in the same week."
        : null;
}

/// <summary>A week's boundaries as instants (UTC).</summary>
public sealed record WeekTimes(WeekId Week, DateTimeOffset Starts, DateTimeOffset VotingOpens, DateTimeOffset VotingCloses, DateTimeOffset Ends);

/// <summary>What the schedule alone says about an instant: the week, its phase and when that phase ends.</summary>
public sealed record ClockReading(WeekId Week, WeekPhase Phase, DateTimeOffset NextChange, WeekTimes Times);

/// <summary>
/// The schedule in the household's time zone. Weeks are ISO weeks of the local date; boundaries are
/// wall-clock times, so a week with a daylight-saving change is an hour shorter or longer.
/// Pure: it never reads the clock or the database.
/// </summary>
public sealed class WeekClock(TimeZoneInfo zone, WeekSchedule schedule)
{
    public TimeZoneInfo Zone => zone;
    public WeekSchedule Schedule => schedule;

    public WeekId WeekOf(DateTimeOffset instant) =>
        WeekId.Containing(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    public WeekTimes TimesOf(WeekId week)
    {
        var monday = week.Monday.ToDateTime(TimeOnly.MinValue);
        return new WeekTimes(week,
            Starts: ToInstant(monday),
            VotingOpens: ToInstant(monday + schedule.VotingOpens.SinceMonday),
            VotingCloses: ToInstant(monday + schedule.VotingCloses.SinceMonday),
            Ends: ToInstant(monday.AddDays(7)));
    }

    public ClockReading Read(DateTimeOffset instant)
    {
        var times = TimesOf(WeekOf(instant));
        return instant < times.VotingOpens ? new(times.Week, WeekPhase.Nomination, times.VotingOpens, times)
            : instant < times.VotingCloses ? new(times.Week, WeekPhase.Voting, times.VotingCloses, times)
            : new(times.Week, WeekPhase.Results, times.Ends, times);
    }

    /// <summary>
    /// The instant a wall-clock time names. A time skipped by a spring-forward change is moved on by
    /// the length of the gap (02:30 becomes 03:30), as the clocks themselves do; a time that happens
    /// twice in the autumn means its first occurrence, so a deadline is never an hour late.
    /// </summary>
    public DateTimeOffset ToInstant(DateTime wallClock) => ToInstant(zone, wallClock);

    /// <inheritdoc cref="ToInstant(DateTime)"/>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime wallClock)
    {
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
            offset = zone.GetUtcOffset(local.AddDays(-1)); // the offset in force before the gap
        else if (zone.IsAmbiguousTime(local))
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        else
            offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }
}
