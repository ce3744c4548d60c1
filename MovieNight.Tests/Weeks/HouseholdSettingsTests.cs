using Dapper;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

public sealed class HouseholdSettingsTests
{
    private static readonly DateTimeOffset Tuesday = WeekGame.Local(2026, 3, 3);

    [Fact]
    public async Task Defaults_are_the_old_apps_rules()
    {
        using var game = new WeekGame(Tuesday);
        var rules = await game.Settings.ReadAsync();
        Assert.Equal((1, 2, false), (rules.NominationsPerMember, rules.VotesPerMember, rules.SelfVoteAllowed));
        Assert.Equal("Friday 00:00", HouseholdSettings.FormatWeekTime(rules.Schedule.VotingOpens));
        Assert.Equal("Friday 18:00", HouseholdSettings.FormatWeekTime(rules.Schedule.VotingCloses));
    }

    [Fact]
    public async Task Saved_rules_survive_a_restart_and_move_the_closing_job()
    {
        using var data = new TempDirectory();
        var saved = WeekRules.Default with
        {
            NominationsPerMember = 2, VotesPerMember = 3, SelfVoteAllowed = true,
            Schedule = new WeekSchedule(new(DayOfWeek.Thursday, new(20, 0)), new(DayOfWeek.Saturday, new(19, 30))),
        };
        using (var game = new WeekGame(Tuesday, data))
        {
            Assert.Empty(await game.Settings.SaveAsync(saved));
            var closingJob = game.Get<CloseWeekSchedule>().Stored()!;
            Assert.Equal(("30 19 * * 6", "Europe/Budapest"), (closingJob.Cron, closingJob.TimeZoneId));
            Assert.Equal(CloseWeekJobTests.NextDeadlineFromNow(WeekGame.Budapest, saved.Schedule), CloseWeekJobTests.Utc(closingJob.NextExecution));
            await using var connection = game.Db.OpenConnection();
            Assert.Equal("Saturday 19:30", await connection.ExecuteScalarAsync<string>("SELECT value FROM settings WHERE key = 'week.voting_closes'"));
        }
        using var restarted = new WeekGame(Tuesday, data);
        Assert.Equal(saved, await restarted.Settings.ReadAsync());
        var week = await restarted.Weeks.CurrentAsync();
        Assert.Equal(WeekGame.Local(2026, 3, 5, 20), week.NextChange); // voting now opens Thursday 20:00
    }

    [Fact]
    public async Task Invalid_rules_are_refused_with_reasons_and_nothing_is_saved()
    {
        using var game = new WeekGame(Tuesday);
        var problems = await game.Settings.SaveAsync(WeekRules.Default with
        {
            VotesPerMember = 0,
            Schedule = new WeekSchedule(new(DayOfWeek.Friday, new(18, 0)), new(DayOfWeek.Friday, new(9, 0))),
            TimeZoneId = "Mars/Olympus",
        });
        Assert.Equal([
            "Each member has 1 to 10 votes a week.",
            "Voting has to close after it opens, in the same week.",
            "'Mars/Olympus' is not a known time zone; use an IANA name such as Europe/Budapest.",
        ], problems);
        Assert.Equal(WeekRules.Default, await game.Settings.ReadAsync());
    }

    [Fact]
    public async Task TZ_wins_over_the_time_zone_chosen_in_the_settings()
    {
        using var game = new WeekGame(Tuesday);
        Assert.Empty(await game.Settings.SaveAsync(WeekRules.Default with { TimeZoneId = "America/New_York" }));
        Assert.True(game.Settings.TimeZoneSetByEnvironment);
        Assert.Equal("Europe/Budapest", (await game.Settings.ClockAsync()).Zone.Id);
    }

    [Fact]
    public async Task Without_TZ_the_settings_time_zone_decides_the_week_and_the_deadline()
    {
        using var game = new WeekGame(Tuesday, settings: new Dictionary<string, string?> { ["TZ"] = null });
        Assert.False(game.Settings.TimeZoneSetByEnvironment);
        Assert.Empty(await game.Settings.SaveAsync(WeekRules.Default with { TimeZoneId = "America/New_York" }));

        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var clock = await game.Settings.ClockAsync();
        Assert.Equal(newYork.Id, clock.Zone.Id);
        // Friday 6 March 2026, 18:00 in New York (EST, UTC-5).
        var deadline = new DateTimeOffset(2026, 3, 6, 23, 0, 0, TimeSpan.Zero);
        Assert.Equal(deadline, clock.TimesOf(clock.WeekOf(Tuesday)).VotingCloses);
        var closingJob = game.Get<CloseWeekSchedule>().Stored()!;
        Assert.Equal(("0 18 * * 5", newYork.Id), (closingJob.Cron, closingJob.TimeZoneId));
        Assert.Equal(CloseWeekJobTests.NextDeadlineFromNow(newYork, WeekSchedule.Default), CloseWeekJobTests.Utc(closingJob.NextExecution));
    }

    [Fact]
    public async Task A_stored_value_that_does_not_parse_falls_back_to_the_default()
    {
        using var data = new TempDirectory();
        using (var game = new WeekGame(Tuesday, data))
        await using (var connection = game.Db.OpenConnection())
            await connection.ExecuteAsync("""
                INSERT INTO settings (key, value) VALUES ('week.votes_per_member', 'many'), ('week.voting_closes', 'Friyay 25:00'),
                                                         ('week.nominations_per_member', '3')
                """);
        // Read at start (the rules are kept in memory and only change through SaveAsync).
        using var restarted = new WeekGame(Tuesday, data);
        var rules = await restarted.Settings.ReadAsync();
        Assert.Equal((3, 2), (rules.NominationsPerMember, rules.VotesPerMember));
        Assert.Equal(WeekSchedule.Default, rules.Schedule);
    }
}
