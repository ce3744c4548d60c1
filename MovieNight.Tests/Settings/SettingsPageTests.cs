using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Settings;

/// <summary>The admin's settings page: the weekly rules, the schedule and the time zone, saved all at once or not at all.</summary>
public sealed class SettingsPageTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    private HouseholdSettings Settings => app.Services.GetRequiredService<HouseholdSettings>();

    private async Task<(Member Erik, HttpClient Client)> AdminAsync()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        return (erik, await app.SignedInClientAsync(erik, "4821"));
    }

    private static Dictionary<string, string> Changes(params (string Field, string Value)[] changes) =>
        changes.ToDictionary(c => c.Field, c => c.Value);

    [Fact]
    public async Task The_page_shows_the_rules_in_force()
    {
        var (_, client) = await AdminAsync();
        var page = await client.GetPageAsync("/Admin/Settings");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("1", page.Document.QuerySelector("#nominations")!.GetAttribute("value"));
        Assert.Equal("2", page.Document.QuerySelector("#votes")!.GetAttribute("value"));
        Assert.False(page.Document.QuerySelector("input[name=SelfVoteAllowed]")!.HasAttribute("checked"));
        Assert.Equal("Friday", page.Document.QuerySelector("#VotingOpens-day option[selected]")!.TextContent);
        Assert.Equal("00:00", page.Document.QuerySelector("#VotingOpens-time option[selected]")!.GetAttribute("value"));
        Assert.Equal("Friday", page.Document.QuerySelector("#VotingCloses-day option[selected]")!.TextContent);
        Assert.Equal("18:00", page.Document.QuerySelector("#VotingCloses-time option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_admin_saves_the_weekly_rules_and_the_schedule()
    {
        var (_, client) = await AdminAsync();
        var page = await client.GetPageAsync("/Admin/Settings");
        var saved = await client.SubmitAsync(page, page.Form("form.settings-form"), Changes(
            ("NominationsPerMember", "2"), ("VotesPerMember", "3"), ("SelfVoteAllowed", "true"),
            ("VotingOpensDay", "Thursday"), ("VotingOpensTime", "12:00"), ("VotingClosesDay", "Saturday"), ("VotingClosesTime", "20:30")));

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var after = await client.GetPageAsync(saved.Response.Headers.Location!.OriginalString);
        Assert.Contains("Settings saved.", after.Document.QuerySelector("[role=status]")!.TextContent);
        var rules = await Settings.ReadAsync();
        Assert.Equal((2, 3, true), (rules.NominationsPerMember, rules.VotesPerMember, rules.SelfVoteAllowed));
        Assert.Equal(new WeekSchedule(new(DayOfWeek.Thursday, new(12, 0)), new(DayOfWeek.Saturday, new(20, 30))), rules.Schedule);
        Assert.True(after.Document.QuerySelector("input[name=SelfVoteAllowed]")!.HasAttribute("checked"));
    }

    [Fact]
    public async Task Unticking_self_vote_turns_it_off()
    {
        var (_, client) = await AdminAsync();
        await Settings.SaveAsync(WeekRules.Default with { SelfVoteAllowed = true });
        var page = await client.GetPageAsync("/Admin/Settings");
        var form = page.Form("form.settings-form");
        form.QuerySelector("input[name=SelfVoteAllowed]")!.RemoveAttribute("checked");
        await client.SubmitAsync(page, form, Changes(("VotingOpensDay", "Friday"), ("VotingClosesDay", "Friday")));
        Assert.False((await Settings.ReadAsync()).SelfVoteAllowed);
    }

    [Theory]
    [InlineData("VotesPerMember", "0", "Each member has 1 to 10 votes a week.")]
    [InlineData("NominationsPerMember", "11", "Each member nominates 1 to 10 movies a week.")]
    [InlineData("NominationsPerMember", "two", "Nominations per member: enter a whole number.")]
    [InlineData("VotingClosesTime", "soon", "Voting closes: choose a day and a time such as 18:00.")]
    [InlineData("VotingClosesDay", "Thursday", "Voting has to close after it opens, in the same week.")]
    [InlineData("VotingOpensTime", "00:00", "Voting has to open after the week starts")]
    public async Task Impossible_settings_are_explained_and_nothing_changes(string field, string value, string message)
    {
        var (_, client) = await AdminAsync();
        var page = await client.GetPageAsync("/Admin/Settings");
        var changes = Changes(("VotingOpensDay", field == "VotingOpensTime" ? "Monday" : "Friday"), ("VotingClosesDay", "Friday"), ("VotesPerMember", "4"));
        changes[field] = value;
        var refused = await client.SubmitAsync(page, page.Form("form.settings-form"), changes);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains(message, refused.Document.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(WeekRules.Default, await Settings.ReadAsync());
    }

    [Fact]
    public async Task With_TZ_set_the_page_names_the_zone_and_offers_no_choice()
    {
        var (_, client) = await AdminAsync();
        var page = await client.GetPageAsync("/Admin/Settings");
        Assert.Null(page.Document.QuerySelector("select[name=TimeZone]"));
        Assert.Contains("Europe/Budapest, set by the TZ environment variable", page.Document.QuerySelector("#zone-heading")!.ParentElement!.TextContent);
    }

    [Fact]
    public async Task Without_TZ_the_admin_chooses_the_household_time_zone()
    {
        app.With("TZ", null);
        var (_, client) = await AdminAsync();
        var page = await client.GetPageAsync("/Admin/Settings");
        Assert.Contains("Europe/Lisbon", page.Document.QuerySelectorAll("select[name=TimeZone] option").Select(o => o.GetAttribute("value")));
        var saved = await client.SubmitAsync(page, page.Form("form.settings-form"), Changes(
            ("TimeZone", "Europe/Lisbon"), ("VotingOpensDay", "Friday"), ("VotingClosesDay", "Friday")));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("Europe/Lisbon", Settings.ZoneFor(await Settings.ReadAsync()).Id);

        var unknown = await client.SubmitAsync(page, page.Form("form.settings-form"), Changes(
            ("TimeZone", "Mars/Olympus_Mons"), ("VotingOpensDay", "Friday"), ("VotingClosesDay", "Friday")));
        Assert.Contains("'Mars/Olympus_Mons' is not a known time zone", unknown.Text);
        Assert.Equal("Europe/Lisbon", (await Settings.ReadAsync()).TimeZoneId);
    }

    [Fact]
    public async Task Saving_evicts_cached_pages_so_the_week_page_shows_the_new_rules()
    {
        app.Clock.Set(TestClock.Next(DayOfWeek.Monday, 10, TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest")));
        var (_, client) = await AdminAsync();
        Assert.Contains("You can nominate 1 movie a week", (await client.GetPageAsync("/Week")).Text);
        var page = await client.GetPageAsync("/Admin/Settings");
        await client.SubmitAsync(page, page.Form("form.settings-form"), Changes(
            ("NominationsPerMember", "3"), ("VotingOpensDay", "Friday"), ("VotingClosesDay", "Friday")));
        Assert.Contains("You can nominate 3 movies a week", (await client.GetPageAsync("/Week")).Text);
    }

    [Fact]
    public async Task Settings_are_for_admins_only()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var client = await app.SignedInClientAsync(timea, "1357");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Settings")).StatusCode);
    }

    [Fact]
    public async Task An_admin_chooses_the_language_dates_are_written_in_and_a_secret_ballot()
    {
        var (_, client) = await AdminAsync();
        var page = await client.GetPageAsync("/Admin/Settings");
        Assert.Contains(page.Document.QuerySelectorAll("#language option"), o => o.GetAttribute("value") == "en-US");
        var saved = await client.SubmitAsync(page, page.Form("form.settings-form"), Changes(("Language", "en-US"), ("SecretBallot", "true")));

        Assert.True(saved.Status == HttpStatusCode.Redirect, saved.Text);
        var rules = await Settings.ReadAsync();
        Assert.Equal(("en-US", true), (rules.Language, rules.SecretBallot));
        var after = await client.GetPageAsync("/Admin/Settings");
        Assert.Equal("en-US", after.Document.QuerySelector("#language option[selected]")!.GetAttribute("value"));
        Assert.True(after.Document.QuerySelector("input[name=SecretBallot]")!.HasAttribute("checked"));
        // The example moment is this week's deadline, Friday 18:00, in the chosen language.
        Assert.Matches(@"Fri [A-Z][a-z]{2} \d{1,2}, 6:00\sPM", after.Document.QuerySelector("#language-hint strong")!.TextContent);
        // The deadline's time is offered the same way (a native time input would use the browser's format instead).
        var deadline = after.Document.QuerySelector("#VotingCloses-time option[selected]")!;
        Assert.Equal("18:00", deadline.GetAttribute("value"));
        Assert.Matches(@"^6:00\sPM$", deadline.TextContent);
    }

    [Fact]
    public async Task A_deadline_off_the_half_hour_grid_is_offered_as_it_is_and_kept()
    {
        var (_, client) = await AdminAsync();
        await Settings.SaveAsync(WeekRules.Default with { Schedule = WeekRules.Default.Schedule with { VotingCloses = new(DayOfWeek.Friday, new(18, 15)) } });
        var page = await client.GetPageAsync("/Admin/Settings");
        Assert.Equal("18:15", page.Document.QuerySelector("#VotingCloses-time option[selected]")!.GetAttribute("value"));
        var saved = await client.SubmitAsync(page, page.Form("form.settings-form"), Changes(("VotesPerMember", "3")));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(new TimeOnly(18, 15), (await Settings.ReadAsync()).Schedule.VotingCloses.Time);
    }

    [Fact]
    public async Task A_language_the_runtime_does_not_know_is_refused_and_nothing_changes()
    {
        var (_, client) = await AdminAsync();
        var page = await client.GetPageAsync("/Admin/Settings");
        var refused = await client.SubmitAsync(page, page.Form("form.settings-form"), Changes(("Language", "xx-Nowhere"), ("VotesPerMember", "3")));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("'xx-Nowhere' is not a language MovieNight knows", refused.Text);
        var rules = await Settings.ReadAsync();
        Assert.Equal((null, 2), (rules.Language, rules.VotesPerMember));
    }
}
