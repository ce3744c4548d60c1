using Microsoft.Playwright;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

/// <summary>A whole movie night for four members, each on their own 360 px phone.</summary>
[Collection("browser")]
public sealed class WeekBrowserTests(BrowserSession browser) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
    private readonly MovieNightApp app = new(kestrel: true);
    private FakeTmdbServer tmdb = null!;
    private string baseUrl = "";

    public async Task InitializeAsync()
    {
        tmdb = await FakeTmdbServer.StartAsync();
        app.With("Tmdb:ApiBaseUrl", tmdb.BaseUrl).With("TMDB_API_KEY", FakeTmdbServer.ApiKey);
        app.Clock.Set(TestClock.Next(DayOfWeek.Monday, 9, Budapest));
        baseUrl = app.ServerAddress();
    }

    public async Task DisposeAsync()
    {
        app.Dispose();
        await tmdb.DisposeAsync();
    }

    /// <summary>A member's phone, signed in. Poster requests never leave the machine: the test aborts them.</summary>
    private async Task<IPage> PhoneOfAsync(string name, string pin)
    {
        var page = await browser.NewPhoneAsync(baseUrl);
        await page.RouteAsync("https://image.tmdb.org/**", route => route.AbortAsync());
        await page.SignInAsync(name, pin);
        return page;
    }

    private static async Task NominateBySearchAsync(IPage page, string typed, string title)
    {
        await page.GotoAsync("/Week");
        await page.GetByLabel("Search for a movie").PressSequentiallyAsync(typed, new() { Delay = 30 });
        var result = page.GetByRole(AriaRole.Button, new() { Name = $"Nominate {title}" });
        await Expect(result).ToBeVisibleAsync();
        // Keyboard: ↓ from the search field to the first result, then Enter.
        await page.GetByLabel("Search for a movie").PressAsync("ArrowDown");
        await Expect(page.Locator("#search-results [data-search-result]").First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"“{title}” is nominated.");
    }

    private static async Task VoteAsync(IPage page, string title, int votesLeftAfter)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Vote for {title}" }).ClickAsync();
        await Expect(page.Locator(".votes-left")).ToContainTextAsync($"You have {votesLeftAfter} of 2 votes left.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Voted ✓ for {title}" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.HtmxSettledAsync();
    }

    [BrowserFact]
    public async Task Four_members_nominate_by_search_vote_and_see_first_and_second_place()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "👨‍💼");
        await app.CreateMemberAsync("Timea", pin: "1357", icon: "👩");
        await app.CreateMemberAsync("Jázmin", pin: "2468", icon: "👧");
        await app.CreateMemberAsync("Niki", pin: "9753", icon: "🦄");
        var erik = await PhoneOfAsync("Erik", "4821");
        var timea = await PhoneOfAsync("Timea", "1357");
        var jazmin = await PhoneOfAsync("Jázmin", "2468");
        var niki = await PhoneOfAsync("Niki", "9753");

        await NominateBySearchAsync(erik, "Incep", "Inception");
        await erik.AssertAccessibleAsync();
        await NominateBySearchAsync(timea, "Coco", "Coco");
        await NominateBySearchAsync(jazmin, "Finding Ne", "Finding Nemo");
        await NominateBySearchAsync(niki, "Spirited", "Spirited Away");
        await Expect(niki.GetByRole(AriaRole.Status)).ToContainTextAsync("voting is open");

        // Votes toggle in place (htmx): the count of votes left and the tally change without a reload.
        await erik.ReloadAsync();
        await erik.EvaluateAsync("() => window.notReloaded = true");
        await VoteAsync(erik, "Coco", 1);
        await VoteAsync(erik, "Finding Nemo", 0);
        // With no votes left the button says why it does nothing; tapped anyway (forced: Playwright waits for an enabled
        // button), the refusal is said beside it.
        var spiritedAway = erik.Locator(".movie-item", new() { HasText = "Spirited Away" });
        await Expect(spiritedAway).ToContainTextAsync("No votes left — take one back to move it.");
        await erik.GetByRole(AriaRole.Button, new() { Name = "Vote for Spirited Away" }).ClickAsync(new() { Force = true });
        await Expect(spiritedAway.GetByRole(AriaRole.Alert)).ToContainTextAsync("You have used all 2 of your votes");
        Assert.True(await erik.EvaluateAsync<bool>("() => window.notReloaded === true"));
        await erik.AssertAccessibleAsync();

        foreach (var (page, picks) in new[] { (timea, new[] { "Inception", "Spirited Away" }), (jazmin, ["Coco", "Inception"]), (niki, ["Coco", "Inception"]) })
        {
            await page.GotoAsync("/Week");
            await VoteAsync(page, picks[0], 1);
            await VoteAsync(page, picks[1], 0);
        }

        await erik.GotoAsync("/Week");
        await erik.GetByRole(AriaRole.Button, new() { Name = "Close voting and show the results now" }).ClickAsync();
        await erik.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close voting" }).ClickAsync();
        var podium = erik.Locator(".podium-place");
        await Expect(podium.Nth(0)).ToContainTextAsync("1st place");
        await Expect(podium.Nth(0)).ToContainTextAsync("Inception");
        // Inception and Coco tie on 3 votes and nobody has seen either: TMDB's 8.4 beats 8.2.
        await Expect(podium.Nth(0)).ToContainTextAsync("3 votes; decided by a tie on votes and on who has seen it, broken by the higher TMDB rating");
        await Expect(podium.Nth(1)).ToContainTextAsync("Coco");
        await Expect(podium.Nth(1)).ToContainTextAsync("3 votes; decided by most votes");
        await erik.AssertAccessibleAsync();

        // Everyone else sees the same results at once (the cached pages were evicted).
        await timea.GotoAsync("/Week");
        await Expect(timea.Locator(".podium-place").Nth(0)).ToContainTextAsync("Inception");
        await timea.AssertAccessibleAsync();

        // Friday night: Niki was out. Erik records who watched, then rates it.
        await erik.GetByRole(AriaRole.Link, new() { Name = "We watched it: Inception" }).ClickAsync();
        await erik.GetByRole(AriaRole.Checkbox, new() { Name = "Niki" }).UncheckAsync();
        await erik.AssertAccessibleAsync();
        await erik.GetByRole(AriaRole.Button, new() { Name = "We watched it" }).ClickAsync();
        await Expect(erik.GetByRole(AriaRole.Status).First).ToContainTextAsync("Recorded for Erik, Timea and Jázmin.");
        // htmx wires the rating up once the page has loaded; a person can't be quicker than that, a test can.
        await erik.WaitForLoadStateAsync(LoadState.Load);
        await erik.StarPicker("Your rating of Inception").TapStarsAsync("4.5 stars");
        await Expect(erik.Locator(".rating-saved")).ToHaveTextAsync("Saved: 4.5 out of 5.");
        await Expect(erik.Locator("#announcer")).ToHaveTextAsync("Saved: 4.5 out of 5.");

        // Timea rates from the history, where the week now stands with its places, votes and ratings.
        await timea.GotoAsync("/History");
        await Expect(timea.GetByRole(AriaRole.Heading, new() { Name = "Past weeks" })).ToBeVisibleAsync();
        await timea.StarPicker("Your rating of Inception").TapStarsAsync("3 stars");
        await Expect(timea.Locator(".rating-saved", new() { HasText = "Saved: 3 out of 5." })).ToBeVisibleAsync();
        await timea.ReloadAsync();
        var inception = timea.Locator(".history-week").First.Locator(".history-item", new() { HasText = "Inception" });
        await Expect(inception).ToContainTextAsync("1st place");
        await Expect(inception.GetByRole(AriaRole.Img, new() { Name = "4.5 out of 5 stars" })).ToBeVisibleAsync();
        await Expect(timea.Locator(".history-week").First.Locator(".history-item", new() { HasText = "Coco" })).ToContainTextAsync("2nd place");
        await timea.AssertAccessibleAsync();

        // Niki's page lists nothing watched; Jázmin's lists Inception.
        await niki.GotoAsync("/History");
        await niki.GetByRole(AriaRole.Link, new() { Name = "Jázmin" }).First.ClickAsync();
        await Expect(niki.Locator("main")).ToContainTextAsync("Inception");
        await niki.AssertAccessibleAsync();
    }
}
