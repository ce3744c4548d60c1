using MovieNight.Migrations;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

/// <summary>The schedule alone, in Europe/Budapest: pure, no database.</summary>
public sealed class WeekClockTests
{
    private static readonly WeekClock Clock = new(WeekGame.Budapest, WeekSchedule.Default);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2026, 3, 2, 0, 0, "Nomination")]    // Monday 00:00: the week starts
    [InlineData(2026, 3, 5, 23, 59, "Nomination")]  // Thursday 23:59
    [InlineData(2026, 3, 6, 0, 0, "Voting")]        // Friday 00:00
    [InlineData(2026, 3, 6, 17, 59, "Voting")]
    [InlineData(2026, 3, 6, 18, 0, "Results")]      // Friday 18:00: the deadline
    [InlineData(2026, 3, 8, 23, 59, "Results")]     // Sunday 23:59
    public void Default_schedule_is_the_old_apps_week(int year, int month, int day, int hour, int minute, string phase)
    {
        var reading = Clock.Read(WeekGame.Local(year, month, day, hour, minute));
        Assert.Equal("2026-W10", reading.Week.ToString());
        Assert.Equal(Enum.Parse<WeekPhase>(phase), reading.Phase);
    }

    [Fact]
    public void Each_phase_says_when_the_next_one_starts()
    {
        Assert.Equal(WeekGame.Local(2026, 3, 6, 0), Clock.Read(WeekGame.Local(2026, 3, 3)).NextChange);
        Assert.Equal(WeekGame.Local(2026, 3, 6, 18), Clock.Read(WeekGame.Local(2026, 3, 6, 9)).NextChange);
        Assert.Equal(WeekGame.Local(2026, 3, 9, 0), Clock.Read(WeekGame.Local(2026, 3, 7)).NextChange);
        var nextWeek = Clock.Read(WeekGame.Local(2026, 3, 9, 0));
        Assert.Equal(("2026-W11", WeekPhase.Nomination), (nextWeek.Week.ToString(), nextWeek.Phase));
    }

    [Fact]
    public void Week_boundaries_follow_the_household_zone_not_utc()
    {
        // Sunday 23:30 UTC is already Monday 00:30 in Budapest.
        Assert.Equal("2026-W11", Clock.WeekOf(Utc(2026, 3, 8, 23, 30)).ToString());
        Assert.Equal("2026-W10", new WeekClock(TimeZoneInfo.Utc, WeekSchedule.Default).WeekOf(Utc(2026, 3, 8, 23, 30)).ToString());
    }

    [Fact]
    public void Spring_forward_week_is_an_hour_shorter_and_keeps_its_wall_clock_deadline()
    {
        // Clocks go from 02:00 to 03:00 on Sunday 29 March 2026, in week 13's results phase.
        var week13 = Clock.TimesOf(WeekId.Parse("2026-W13"));
        Assert.Equal(Utc(2026, 3, 22, 23), week13.Starts);        // Monday 00:00 CET (+1)
        Assert.Equal(Utc(2026, 3, 27, 17), week13.VotingCloses);  // Friday 18:00 CET
        Assert.Equal(Utc(2026, 3, 29, 22), week13.Ends);          // Monday 00:00 CEST (+2)
        Assert.Equal(TimeSpan.FromHours(167), week13.Ends - week13.Starts);

        var lastMinute = Clock.Read(Utc(2026, 3, 29, 21, 59));
        Assert.Equal(("2026-W13", WeekPhase.Results, Utc(2026, 3, 29, 22)), (lastMinute.Week.ToString(), lastMinute.Phase, lastMinute.NextChange));
        var after = Clock.Read(Utc(2026, 3, 29, 22));
        Assert.Equal(("2026-W14", WeekPhase.Nomination), (after.Week.ToString(), after.Phase));
        Assert.Equal(Utc(2026, 4, 3, 16), after.Times.VotingCloses); // Friday 18:00 CEST
    }

    [Fact]
    public void Autumn_back_week_is_an_hour_longer()
    {
        // Clocks go from 03:00 back to 02:00 on Sunday 25 October 2026.
        var week43 = Clock.TimesOf(WeekId.Parse("2026-W43"));
        Assert.Equal(Utc(2026, 10, 18, 22), week43.Starts);
        Assert.Equal(Utc(2026, 10, 23, 16), week43.VotingCloses);
        Assert.Equal(Utc(2026, 10, 25, 23), week43.Ends);
        Assert.Equal(TimeSpan.FromHours(169), week43.Ends - week43.Starts);
        Assert.Equal(WeekPhase.Results, Clock.Read(Utc(2026, 10, 25, 22, 59)).Phase);
        Assert.Equal("2026-W44", Clock.WeekOf(Utc(2026, 10, 25, 23)).ToString());
    }

    [Fact]
    public void A_deadline_in_the_skipped_hour_moves_on_by_the_gap()
    {
        var sundayNight = new WeekClock(WeekGame.Budapest, new WeekSchedule(new(DayOfWeek.Saturday, new(20, 0)), new(DayOfWeek.Sunday, new(2, 30))));
        // 02:30 does not exist on 29 March (02:00 jumps to 03:00), so the deadline is 03:30 CEST, 01:30 UTC.
        Assert.Equal(Utc(2026, 3, 29, 1, 30), sundayNight.TimesOf(WeekId.Parse("2026-W13")).VotingCloses);
        Assert.Equal(WeekPhase.Voting, sundayNight.Read(Utc(2026, 3, 29, 1, 29)).Phase);
        Assert.Equal(WeekPhase.Results, sundayNight.Read(Utc(2026, 3, 29, 1, 30)).Phase);
    }

    [Fact]
    public void A_deadline_in_the_repeated_hour_means_its_first_occurrence()
    {
        var sundayNight = new WeekClock(WeekGame.Budapest, new WeekSchedule(new(DayOfWeek.Saturday, new(20, 0)), new(DayOfWeek.Sunday, new(2, 30))));
        // 02:30 happens twice on 25 October: first at 00:30 UTC (CEST), then at 01:30 UTC (CET).
        Assert.Equal(Utc(2026, 10, 25, 0, 30), sundayNight.TimesOf(WeekId.Parse("2026-W43")).VotingCloses);
    }

    [Fact]
    public void New_Years_Day_2027_is_in_week_53_of_2026()
    {
        var reading = Clock.Read(WeekGame.Local(2027, 1, 1, 12));
        Assert.Equal(("2026-W53", WeekPhase.Voting), (reading.Week.ToString(), reading.Phase));
        Assert.Equal(WeekGame.Local(2026, 12, 28, 0), reading.Times.Starts);
        Assert.Equal(WeekGame.Local(2027, 1, 4, 0), reading.Times.Ends);
        Assert.Equal("2027-W01", Clock.WeekOf(WeekGame.Local(2027, 1, 4, 0)).ToString());
        Assert.Equal("2026-W52", Clock.WeekOf(WeekGame.Local(2026, 12, 27, 23, 59)).ToString());
    }

    [Fact]
    public void Week_1_of_2025_begins_on_30_December_2024()
    {
        Assert.Equal("2024-W52", Clock.WeekOf(WeekGame.Local(2024, 12, 29, 23, 59)).ToString());
        var reading = Clock.Read(WeekGame.Local(2024, 12, 30, 0));
        Assert.Equal(("2025-W01", WeekPhase.Nomination), (reading.Week.ToString(), reading.Phase));
        Assert.Equal(new DateOnly(2024, 12, 30), WeekId.Parse("2025-W01").Monday);
    }

    [Fact]
    public void Week_ids_step_across_year_ends_with_and_without_a_week_53()
    {
        Assert.Equal("2026-W53", WeekId.Parse("2026-W52").Next.ToString());
        Assert.Equal("2027-W01", WeekId.Parse("2026-W53").Next.ToString());
        Assert.Equal("2026-W01", WeekId.Parse("2025-W52").Next.ToString());
        Assert.Equal("2024-W52", WeekId.Parse("2025-W01").Previous.ToString());
        Assert.True(WeekId.Parse("2026-W53") < WeekId.Parse("2027-W01"));
        Assert.False(WeekId.TryParse("2025-W53", out _));
        Assert.False(WeekId.TryParse("2026-W8", out _));
        Assert.True(WeekId.TryParse("2020-W53", out _));
    }

    [Fact]
    public void Closing_job_cron_names_the_deadline()
    {
        Assert.Equal("0 18 * * 5", CloseWeekSchedule.CronFor(WeekSchedule.Default));
        Assert.Equal("30 2 * * 0", CloseWeekSchedule.CronFor(new WeekSchedule(new(DayOfWeek.Saturday, new(20, 0)), new(DayOfWeek.Sunday, new(2, 30)))));
    }

    [Fact]
    public void A_schedule_whose_voting_closes_before_it_opens_is_refused()
    {
        Assert.NotNull(new WeekSchedule(new(DayOfWeek.Friday, new(18, 0)), new(DayOfWeek.Friday, new(9, 0))).Problem);
        Assert.NotNull(new WeekSchedule(new(DayOfWeek.Monday, new(0, 0)), new(DayOfWeek.Friday, new(9, 0))).Problem);
        Assert.Null(WeekSchedule.Default.Problem);
    }
}
