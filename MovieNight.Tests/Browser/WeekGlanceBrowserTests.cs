using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

/// <summary>
/// The week at a glance on a 360 px phone and a 1280 px desktop: the dated stepper through all three
/// phases, a refused vote answered beside the tapped button, the poster grid, the podium and the history.
/// </summary>
[Collection("browser")]
public sealed class WeekGlanceBrowserTests(BrowserSession browser) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
    private readonly MovieNightApp app = new(kestrel: true);
    private readonly List<string> cspViolations = [];
    private string baseUrl = "";

    public Task InitializeAsync()
    {
        app.Clock.Set(TestClock.Next(DayOfWeek.Monday, 9, Budapest));
        baseUrl = app.ServerAddress();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        Assert.Empty(cspViolations);
        return Task.CompletedTask;
    }

    private T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    private async Task NominateAsync(Member member, string title, string year, double rating, string overview) =>
        Assert.True((await Get<NominationBook>().NominateAsync(member.Id, new MovieChoice(title, year, Overview: overview, Rating: rating))).Succeeded);

    private static ILocator Item(IPage page, string title) => page.Locator("#nominations .movie-item", new() { HasText = title });

    private static ILocator CurrentStep(IPage page) => page.Locator(".week-steps [aria-current=step] .step-name");

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task The_week_at_a_glance_through_nominating_voting_and_results_then_the_history(Screen screen)
    {
        await Get<HouseholdSettings>().SaveAsync(WeekRules.Default with { VotesPerMember = 1 });
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "👨‍💼");
        var timea = await app.CreateMemberAsync("Timea", pin: "1357", icon: "👩");
        var jazmin = await app.CreateMemberAsync("Jázmin", pin: "2468", icon: "👧");
        var niki = await app.CreateMemberAsync("Niki", pin: "9753", icon: "🦄");
        var week = await Get<WeekStore>().CurrentAsync();
        var when = Get<HouseholdSettings>().Time();

        var page = await browser.NewPageAsync(baseUrl, screen);
        page.ReportCspViolationsTo(cspViolations);
        await page.SignInAsync("Erik", "4821");

        // Nominating: the week is titled by its dates, the first step is current and says until when.
        await NominateAsync(erik, "Paddington 2", "2017", 7.8, "Paddington, now happily settled with the Brown family, picks up a series of odd jobs to buy the perfect present.");
        await NominateAsync(timea, "Coco", "2017", 8.2, "Aspiring musician Miguel enters the Land of the Dead to find his great-great-grandfather.");
        await NominateAsync(jazmin, "Finding Nemo", "2003", 7.8, "Nemo, an adventurous young clownfish, is unexpectedly taken far from his Great Barrier Reef home.");
        await Get<PageCache>().HouseholdChangedAsync();
        await page.GotoAsync("/Week");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(when.Days(week.Week));
        await Expect(page.Locator("h1 .week-number")).ToHaveTextAsync(HouseholdTime.WeekNumber(week.Week));
        await Expect(CurrentStep(page)).ToHaveTextAsync("Nominate");
        await Expect(page.Locator(".week-steps")).ToContainTextAsync($"Opens {when.Day(week.Times.VotingOpens)}");
        await Expect(page.Locator(".week-glance .phase")).ToHaveTextAsync("3 of 4 nominated, waiting for Niki.");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("week-glance-nominate");

        // The admin opens voting early, after confirming in the dialog.
        await page.GetByRole(AriaRole.Button, new() { Name = "Open voting now" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Open voting now?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Open voting" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Voting is open.");
        await Expect(CurrentStep(page)).ToHaveTextAsync("Vote");
        await Expect(page.Locator(".week-steps [aria-current=step]")).ToContainTextAsync($"Closes {when.DayAndTime(week.Times.VotingCloses)}");
        await Expect(page.Locator(".week-glance .phase")).ToHaveTextAsync("0 of 4 voted, waiting for you, Timea, Jázmin and Niki.");

        // On a wide screen the nominations are a grid of posters; on a phone, one column.
        var first = await Item(page, "Paddington 2").BoundingBoxAsync();
        var second = await Item(page, "Coco").BoundingBoxAsync();
        if (screen == Screen.Desktop) Assert.True(second!.X > first!.X && Math.Abs(second.Y - first.Y) < 1, "the second poster should stand beside the first");
        else Assert.True(second!.Y > first!.Y + first.Height - 1, "on a phone the second movie should be below the first");

        // One vote each this week: a tap on another movie is refused right there, beside the button, on screen.
        await page.GetByRole(AriaRole.Button, new() { Name = "Vote for Coco" }).ClickAsync();
        await Expect(page.Locator("#votes-left")).ToContainTextAsync("You have 0 of 1 vote left.");
        var tapped = page.GetByRole(AriaRole.Button, new() { Name = "Vote for Finding Nemo" });
        await Expect(tapped).ToHaveAttributeAsync("aria-disabled", "true");
        await Expect(Item(page, "Finding Nemo")).ToContainTextAsync("No votes left — take one back to move it.");
        await page.HtmxSettledAsync();
        await tapped.EvaluateAsync("button => button.scrollIntoView({ block: 'center' })");
        // A person can tap an inactive-looking button; Playwright would wait for it to be enabled, so the tap is forced.
        await tapped.ClickAsync(new() { Force = true });
        var alert = Item(page, "Finding Nemo").GetByRole(AriaRole.Alert);
        await Expect(alert).ToHaveTextAsync("You have used your vote; take it back to vote for another movie.");
        await Expect(alert).ToBeInViewportAsync();
        var buttonBox = (await tapped.BoundingBoxAsync())!;
        var alertBox = (await alert.BoundingBoxAsync())!;
        Assert.InRange(alertBox.Y - (buttonBox.Y + buttonBox.Height), 0, 120);
        // htmx gave focus back to the tapped button, so a keyboard user carries on from there.
        await Expect(tapped).ToBeFocusedAsync();
        await Expect(page.Locator("#votes-left")).ToHaveCSSAsync("position", screen == Screen.Phone ? "sticky" : "static");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("week-glance-vote-refused");

        foreach (var (voter, title) in new[] { (timea, "Paddington 2"), (jazmin, "Coco"), (niki, "Coco") })
            await VoteAsync(voter, title);
        await page.ReloadAsync();
        await Expect(page.Locator(".week-glance .phase")).ToHaveTextAsync("Everyone has voted.");

        // Closing voting asks first too; then the podium: 1st large, 2nd beside it on a wide screen.
        await page.GetByRole(AriaRole.Button, new() { Name = "Close voting and show the results now" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close voting" }).ClickAsync();
        await Expect(CurrentStep(page)).ToHaveTextAsync("Results");
        await Expect(page.Locator(".week-glance .phase")).ToContainTextAsync($"The next week starts {when.LongDay(week.Week.Next.Monday)}.");
        var firstPlace = page.Locator(".podium-first");
        var secondPlace = page.Locator(".podium-second");
        await Expect(firstPlace).ToContainTextAsync("1st place");
        await Expect(firstPlace).ToContainTextAsync("Coco");
        await Expect(secondPlace).ToContainTextAsync("Paddington 2");
        var firstBox = (await firstPlace.BoundingBoxAsync())!;
        var secondBox = (await secondPlace.BoundingBoxAsync())!;
        Assert.True(firstBox.Width * firstBox.Height > secondBox.Width * secondBox.Height, "1st place should be the larger card");
        if (screen == Screen.Desktop) Assert.True(secondBox.X > firstBox.X + firstBox.Width - 1, "2nd place should stand beside 1st");
        else Assert.True(secondBox.Y > firstBox.Y + firstBox.Height - 1, "on a phone 2nd place should be below 1st");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("week-glance-results");

        // Next week: last week is in the history, titled by its dates, its movies a grid on a wide screen.
        app.Clock.Set(week.Times.Ends.AddHours(9));
        await page.GotoAsync("/History");
        var pastWeek = page.Locator(".history-week").First;
        await Expect(pastWeek.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync(when.Days(week.Week));
        var cards = pastWeek.Locator(".history-item");
        var a = (await cards.Nth(0).BoundingBoxAsync())!;
        var b = (await cards.Nth(1).BoundingBoxAsync())!;
        if (screen == Screen.Desktop) Assert.True(b.X > a.X && Math.Abs(b.Y - a.Y) < 1, "the history's movies should stand in a grid");
        else Assert.True(b.Y > a.Y, "on a phone the history is one column");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("history-glance");
    }

    private async Task VoteAsync(Member member, string title)
    {
        var tally = await Get<WeekResults>().TallyAsync((await Get<WeekStore>().CurrentAsync()).Week);
        var result = await Get<VoteBook>().ToggleAsync(member.Id, tally.Ranked.Single(n => n.Title == title).Id);
        Assert.True(result.Succeeded, result.Refusal?.Message);
        await Get<PageCache>().HouseholdChangedAsync();
    }
}
