using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MovieNight.Tests.Watched;
using MovieNight.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

/// <summary>Finding and tapping the half-star rating picker (Watched/_StarPicker) as a person does.</summary>
public static class StarRatings
{
    /// <summary>The rating group by its legend ("Your rating of Coco").</summary>
    public static ILocator StarPicker(this IPage page, string legend) =>
        page.GetByRole(AriaRole.Group, new() { Name = legend, Exact = true });

    /// <summary>Taps the half-star whose name is <paramref name="stars"/> ("3.5 stars"), or "No rating".</summary>
    public static Task TapStarsAsync(this ILocator picker, string stars) =>
        picker.Locator("label").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(stars)}$") }).ClickAsync();

    /// <summary>
    /// The CSP's refusals, less the empty &lt;style&gt; Playwright's screenshot adds to pause animations (the
    /// hash in the message is that of the empty string): the test's own doing, not the page's.
    /// </summary>
    public static IEnumerable<string> WithoutScreenshotStyles(this IEnumerable<string> violations) =>
        violations.Where(v => !v.Contains("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"));
}

/// <summary>Tap-to-rate on a phone and a desktop: by touch or mouse on a half-star, and by the keyboard's arrows.</summary>
[Collection("browser")]
public sealed class RatingBrowserTests(BrowserSession browser) : IDisposable
{
    private readonly MovieNightApp app = new(kestrel: true);
    private readonly List<string> cspViolations = [];

    public void Dispose()
    {
        app.Dispose();
        Assert.Empty(cspViolations.WithoutScreenshotStyles());
    }

    private async Task<(IPage Page, long Watch)> WatchedCocoAsync(Screen screen)
    {
        var lastWeek = app.SaturdayEvening().Previous;
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var coco = await app.NominationAsync(lastWeek, erik, "Coco", tmdbId: 354912, year: "2017");
        await app.ResultAsync(lastWeek, coco, null);
        var watch = await app.WatchAsync(erik, coco, at: app.Clock.GetUtcNow().AddDays(-6));
        var page = await browser.NewPageAsync(app.ServerAddress(), screen);
        page.ReportCspViolationsTo(cspViolations);
        await page.SignInAsync("Erik", "4821");
        await page.GotoAsync($"/Members/{erik.Id}");
        // htmx wires the form up once the page has loaded; a person can't be quicker than that, a test can.
        await page.WaitForLoadStateAsync(LoadState.Load);
        return (page, watch);
    }

    private Task<long?> StoredAsync(long watch) => app.ScalarAsync<long?>("SELECT rating FROM watch_history WHERE id = @watch", new { watch });

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task Tapping_a_half_star_saves_the_rating_in_place(Screen screen)
    {
        var (page, watch) = await WatchedCocoAsync(screen);
        await page.EvaluateAsync("() => window.notReloaded = true");
        var picker = page.StarPicker("Your rating of Coco");
        await Expect(picker.GetByRole(AriaRole.Radio, new() { Name = "No rating" })).ToBeCheckedAsync();
        await page.AssertAccessibleAsync();

        await picker.TapStarsAsync("3.5 stars");
        await Expect(page.Locator($"#rating-{watch}").Locator(".rating-saved")).ToHaveTextAsync("Saved: 3.5 out of 5.");
        // Read out by the page's own live region (one that arrives inside swapped content often is not).
        await Expect(page.Locator("#announcer[aria-live=polite]")).ToHaveTextAsync("Saved: 3.5 out of 5.");
        await Expect(page.StarPicker("Your rating of Coco").GetByRole(AriaRole.Radio, new() { Name = "3.5 stars", Exact = true })).ToBeCheckedAsync();
        Assert.Equal(7L, await StoredAsync(watch));
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        // Seven halves are lit (three and a half stars), the other three are not.
        Assert.Equal(7, await page.Locator($"#rating-{watch} .star-glyph").EvaluateAllAsync<int>(
            "labels => labels.filter(l => getComputedStyle(l, '::before').content === '\"★\"').length"));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("rating-tapped");

        // Each half-star is a target a finger can hit: at least 24 px wide and 44 px tall.
        var box = (await page.StarPicker("Your rating of Coco").Locator("label").First.BoundingBoxAsync())!;
        Assert.True(box is { Width: >= 24, Height: >= 44 }, $"a half-star is {box.Width} × {box.Height} px");

        await page.StarPicker("Your rating of Coco").TapStarsAsync("No rating");
        await Expect(page.Locator($"#rating-{watch}").Locator(".rating-saved")).ToHaveTextAsync("Rating removed.");
        Assert.Null(await StoredAsync(watch));
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task The_arrow_keys_move_through_the_half_stars_and_the_rating_is_saved_once(Screen screen)
    {
        var (page, watch) = await WatchedCocoAsync(screen);
        var picker = page.StarPicker("Your rating of Coco");
        await picker.TapStarsAsync("2 stars");
        await Expect(page.Locator($"#rating-{watch}").Locator(".rating-saved")).ToHaveTextAsync("Saved: 2 out of 5.");

        // Focus stays on the chosen half-star after the save, so the keyboard carries on from there.
        var two = page.StarPicker("Your rating of Coco").GetByRole(AriaRole.Radio, new() { Name = "2 stars", Exact = true });
        await two.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        var threeAndHalf = page.StarPicker("Your rating of Coco").GetByRole(AriaRole.Radio, new() { Name = "3.5 stars", Exact = true });
        await Expect(page.Locator($"#rating-{watch}").Locator(".rating-saved")).ToHaveTextAsync("Saved: 3.5 out of 5.");
        await Expect(threeAndHalf).ToBeCheckedAsync();
        await Expect(threeAndHalf).ToBeFocusedAsync();
        Assert.Equal(7L, await StoredAsync(watch));

        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(page.Locator($"#rating-{watch}").Locator(".rating-saved")).ToHaveTextAsync("Saved: 3 out of 5.");
        Assert.Equal(6L, await StoredAsync(watch));
        await page.AssertAccessibleAsync();
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task The_home_asks_to_rate_last_weeks_movie_and_rates_it_in_place(Screen screen)
    {
        var (page, watch) = await WatchedCocoAsync(screen);
        await page.GotoAsync("/");
        await page.WaitForLoadStateAsync(LoadState.Load);
        var tile = page.Locator("[data-home-action=rate]");
        await Expect(tile.GetByRole(AriaRole.Heading, new() { Name = "Rate “Coco”" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("home-rate");

        await page.StarPicker("Your rating of Coco").TapStarsAsync("5 stars");
        await Expect(tile.Locator(".rating-saved")).ToHaveTextAsync("Saved: 5 out of 5.");
        Assert.Equal(10L, await StoredAsync(watch));
        await page.ReloadAsync();
        await Expect(page.Locator("[data-home-action=rate]")).ToHaveCountAsync(0);
    }
}
