using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Watched;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

/// <summary>After the week: "we watched it", ratings, history, a member's page and the settings, on a 360 px phone.</summary>
[Collection("browser")]
public sealed class HistoryBrowserTests(BrowserSession browser) : IAsyncLifetime
{
    private readonly MovieNightApp app = new(kestrel: true);
    private readonly List<string> cspViolations = [];
    private string baseUrl = "";

    public Task InitializeAsync()
    {
        app.SaturdayEvening();
        baseUrl = app.ServerAddress();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        Assert.Empty(cspViolations);
        return Task.CompletedTask;
    }

    /// <summary>Last week: Coco won, Up came second; Erik and Timea voted.</summary>
    private async Task<(Member Erik, Member Timea, long Coco)> LastWeekAsync()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "👨‍💼");
        var timea = await app.CreateMemberAsync("Timea", pin: "1357", icon: "👩‍🦰");
        var week = PastWeekData.WeekOf(app.Clock.GetUtcNow()).Previous;
        var coco = await app.NominationAsync(week, timea, "Coco", tmdbId: 354912, year: "2017", posterPath: "/coco.jpg");
        var up = await app.NominationAsync(week, erik, "Up", tmdbId: 14160, year: "2009");
        await app.VoteAsync(week, coco, erik, timea);
        await app.VoteAsync(week, up, timea);
        await app.ResultAsync(week, coco, up);
        return (erik, timea, coco);
    }

    private async Task<IPage> PhoneOfAsync(string name, string pin)
    {
        var page = await browser.NewPhoneAsync(baseUrl);
        page.ReportCspViolationsTo(cspViolations);
        // Posters would come from TMDB's image host; the machine's network is closed, so they fail at once.
        await page.RouteAsync("https://image.tmdb.org/**", route => route.AbortAsync());
        await page.SignInAsync(name, pin);
        return page;
    }

    [BrowserFact]
    public async Task Record_a_watch_rate_it_and_find_it_in_the_history_and_on_my_page()
    {
        var (erik, _, coco) = await LastWeekAsync();
        var page = await PhoneOfAsync("Erik", "4821");

        await page.GotoAsync("/History");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Past weeks" })).ToBeVisibleAsync();
        await Expect(page.Locator($"#nomination-{coco} .place")).ToHaveTextAsync("1st place");
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "We watched it: Coco" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Erik" })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Timea" })).ToBeCheckedAsync();
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "We watched it" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Recorded for Erik and Timea.");
        await page.AssertAccessibleAsync();

        // Rate in place: choosing a rating saves it with htmx, without reloading the page.
        await page.EvaluateAsync("() => window.notReloaded = true");
        var watch = await app.ScalarAsync<long>("SELECT id FROM watch_history WHERE user_id = @id", new { id = erik.Id });
        await page.StarPicker("Your rating of Coco").TapStarsAsync("3.5 stars");
        var rating = page.Locator($"#rating-{watch}");
        await Expect(rating.Locator(".rating-saved")).ToHaveTextAsync("Saved: 3.5 out of 5.");
        await Expect(page.StarPicker("Your rating of Coco").GetByRole(AriaRole.Radio, new() { Name = "3.5 stars", Exact = true })).ToBeCheckedAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/History");
        var card = page.Locator($"#nomination-{coco}");
        await Expect(card.Locator(".watcher", new() { HasText = "Erik" }).GetByRole(AriaRole.Radio, new() { Name = "3.5 stars", Exact = true })).ToBeCheckedAsync();
        await Expect(card.Locator(".watcher", new() { HasText = "Timea" })).ToContainTextAsync("not rated");
        await page.AssertAccessibleAsync();

        await card.GetByRole(AriaRole.Link, new() { Name = "Erik" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My movies" })).ToBeVisibleAsync();
        await Expect(page.Locator(".member-summary")).ToHaveTextAsync("1 movie watched, 1 rated.");
        await page.StarPicker("Your rating of Coco").TapStarsAsync("5 stars");
        await Expect(page.Locator($"#rating-{watch}").Locator(".rating-saved")).ToHaveTextAsync("Saved: 5 out of 5.");
        await page.AssertAccessibleAsync();

        // The page a rating posted without JavaScript lands on when it needs to explain something.
        await page.GotoAsync($"/Watched/Rate/{watch}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rate “Coco”" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
    }

    [BrowserFact]
    public async Task An_admin_changes_a_setting_by_keyboard_and_touch()
    {
        await LastWeekAsync();
        var page = await PhoneOfAsync("Erik", "4821");
        await page.GotoAsync("/Admin/Settings");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Exact = true })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GetByLabel("Votes per member").FillAsync("3");
        await page.GetByLabel("Members may vote for their own nomination").CheckAsync();
        await page.GetByLabel("Day voting closes").SelectOptionAsync("Saturday");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Settings saved.");
        await Expect(page.GetByLabel("Votes per member")).ToHaveValueAsync("3");
        await Expect(page.GetByLabel("Day voting closes")).ToHaveValueAsync("Saturday");
        await page.AssertAccessibleAsync();

        // A schedule that cannot work is explained in an alert and nothing is saved.
        await page.GetByLabel("Day voting closes").SelectOptionAsync("Monday");
        await page.GetByLabel("Time voting closes").SelectOptionAsync("17:30");
        // Enter in a text field submits the form, as on a phone's keyboard "Go".
        await page.GetByLabel("Votes per member").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Voting has to close after it opens");
        await page.AssertAccessibleAsync();
        var rules = await app.Services.GetRequiredService<HouseholdSettings>().ReadAsync();
        Assert.Equal((3, DayOfWeek.Saturday), (rules.VotesPerMember, rules.Schedule.VotingCloses.Day));
    }
}
