using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Weeks;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

/// <summary>Search and nominate on the week page, on a 360 px phone and a 1280 px desktop, against the fake TMDB.</summary>
[Collection("browser")]
public sealed class SearchBrowserTests(BrowserSession browser) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
    private readonly MovieNightApp app = new(kestrel: true);
    private FakeTmdbServer tmdb = null!;
    private string baseUrl = "";
    private MovieNight.Web.Household.Member erik = null!;

    public async Task InitializeAsync()
    {
        tmdb = await FakeTmdbServer.StartAsync();
        app.With("Tmdb:ApiBaseUrl", tmdb.BaseUrl).With("TMDB_API_KEY", FakeTmdbServer.ApiKey);
        app.Clock.Set(TestClock.Next(DayOfWeek.Monday, 9, Budapest));
        baseUrl = app.ServerAddress();
        erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "🧔");
        await app.CreateMemberAsync("Timea", pin: "1357", icon: "👩");
    }

    public async Task DisposeAsync()
    {
        app.Dispose();
        await tmdb.DisposeAsync();
    }

    /// <summary>A member's browser on the week page. Poster requests never leave the machine: the test aborts them.</summary>
    private async Task<IPage> WeekOfAsync(string name, string pin, Screen screen)
    {
        var page = await browser.NewPageAsync(baseUrl, screen);
        await page.RouteAsync("https://image.tmdb.org/**", route => route.AbortAsync());
        await page.SignInAsync(name, pin);
        await page.GotoAsync("/Week");
        return page;
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task Enter_in_the_search_box_nominates_the_first_result_and_stays_on_the_week_page(Screen screen)
    {
        var page = await WeekOfAsync("Erik", "4821", screen);
        var search = page.GetByLabel("Search for a movie");
        await search.PressSequentiallyAsync("incep", new() { Delay = 30 });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Nominate Inception" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("week-search-results");
        await search.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("“Inception” is nominated.");
        Assert.Equal("/Week", new Uri(page.Url).AbsolutePath);
        Assert.DoesNotContain("handler=Search", page.Url);
        // The card shows what TMDB's details said: the runtime and an IMDb link.
        var card = page.Locator("#nominations .movie-card", new() { HasText = "Inception" });
        await Expect(card.Locator(".runtime")).ToContainTextAsync("2 h 28 min");
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "IMDb page of Inception (opens in a new tab)" }))
            .ToHaveAttributeAsync("href", "https://www.imdb.com/title/tt1375666/");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("week-search-nominated");
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task Enter_nominates_the_result_moved_to_with_the_arrow_keys(Screen screen)
    {
        var page = await WeekOfAsync("Timea", "1357", screen);
        var search = page.GetByLabel("Search for a movie");
        await search.PressSequentiallyAsync("lord of", new() { Delay = 30 });
        var results = page.Locator("#search-results [data-search-result]");
        await Expect(results).ToHaveCountAsync(2);
        await search.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(results.Nth(1)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(search).ToBeFocusedAsync();
        await search.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("“The Lord of the Rings: The Fellowship of the Ring” is nominated.");
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task Progress_shows_while_TMDB_is_slow_and_a_newer_query_replaces_the_one_still_waiting(Screen screen)
    {
        var page = await WeekOfAsync("Erik", "4821", screen);
        tmdb.SlowSearchFor = "mad max";
        var search = page.GetByLabel("Search for a movie");
        await search.PressSequentiallyAsync("mad max", new() { Delay = 30 });

        await Expect(page.Locator("#search-progress")).ToBeVisibleAsync();
        await Expect(page.Locator("#search-progress")).ToContainTextAsync("Searching…");
        await Expect(page.Locator("#search-results")).ToHaveAttributeAsync("aria-busy", "true");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("week-search-progress");

        // A newer query does not queue behind the slow one: the slow one is abandoned and Dune's results show.
        await search.FillAsync("dune");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Nominate Dune" })).ToBeVisibleAsync();
        await Expect(page.Locator("#search-results")).Not.ToHaveAttributeAsync("aria-busy", "true");
        await Expect(page.Locator("#search-progress")).ToBeHiddenAsync();
        for (var tries = 0; tries < 100 && !tmdb.Abandoned.Any(r => r.Query.Contains("mad")); tries++) await Task.Delay(100);
        Assert.Contains(tmdb.Abandoned, r => r.Path == "/3/search/movie" && r.Query.Contains("mad"));
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task A_duplicate_nomination_keeps_the_typed_title_and_says_why_at_the_field(Screen screen)
    {
        Assert.True((await app.Services.GetRequiredService<NominationBook>().NominateAsync(erik.Id, new MovieChoice("Coco", "2017"))).Succeeded);
        var page = await WeekOfAsync("Timea", "1357", screen);

        // Search marks it instead of offering it again.
        await page.GetByLabel("Search for a movie").PressSequentiallyAsync("coco", new() { Delay = 30 });
        await Expect(page.Locator(".search-result", new() { HasText = "Coco" })).ToContainTextAsync("Already nominated by 🧔 Erik");

        await page.GetByText("Nominate by title and year").ClickAsync();
        await page.GetByLabel("Title").FillAsync("coco");
        await page.GetByLabel("Year (optional)").FillAsync("2017");
        await page.Locator(".manual-nomination").GetByRole(AriaRole.Button, new() { Name = "Nominate" }).ClickAsync();

        var title = page.GetByLabel("Title");
        await Expect(title).ToHaveValueAsync("coco");
        await Expect(title).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(title).ToBeFocusedAsync();
        await Expect(page.Locator("#manual-title-error")).ToHaveTextAsync("“Coco” is already nominated by Erik.");
        await Expect(page.GetByLabel("Year (optional)")).ToHaveValueAsync("2017");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("week-nominate-refused");

        // The refusal was a redirect: reloading shows a fresh form and posts nothing.
        await page.ReloadAsync();
        await Expect(page.Locator("#manual-title-error")).ToHaveCountAsync(0);
    }
}
