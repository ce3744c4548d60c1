using Microsoft.Playwright;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Trakt;
using MovieNight.Web.Weeks;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

[Collection("browser")]
public sealed class WatchlistBrowserTests(BrowserSession browser)
{
    [BrowserFact]
    public async Task A_linked_member_adds_a_movie_from_its_card_then_removes_it_and_undoes_by_keyboard()
    {
        await using var house = await TraktHousehold.StartAsync(kestrel: true);
        var user = house.Fake.AddUser("timea_watches");
        await house.LinkAsync(house.Timea, user);
        house.Clock.Set(TestClock.Next(DayOfWeek.Tuesday, 20, TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest")));
        Assert.Null((await house.Get<NominationBook>().NominateAsync(house.Admin.Id, new MovieChoice("Coco", "2017", 354912))).Refusal);
        var cspViolations = new List<string>();
        var page = await browser.NewPhoneAsync(house.App.ServerAddress());
        page.ReportCspViolationsTo(cspViolations);
        await page.SignInAsync("Timea", "1234");

        await page.GotoAsync("/Week");
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Watchlist (add “Coco”)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "✓ On watchlist (remove “Coco”)" })).ToBeVisibleAsync();
        await Expect(page.GetByText("“Coco” is on your watchlist.")).ToBeVisibleAsync();
        Assert.Equal([354912], user.Watchlist.Select(w => w.Movie.TmdbId));
        await page.AssertAccessibleAsync();

        await page.Locator("summary").Filter(new() { HasText = "Timea" }).ClickAsync(); // the menu
        await page.GetByRole(AriaRole.Link, new() { Name = "My watchlist" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My watchlist", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coco (2017)" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        // By keyboard: focus Remove, press Enter; Undo takes the focus, Enter again puts the movie back.
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove “Coco”" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByText("Removed “Coco”.")).ToBeVisibleAsync();
        var undo = page.GetByRole(AriaRole.Button, new() { Name = "Undo removing “Coco”" });
        await Expect(undo).ToBeFocusedAsync();
        Assert.Empty(user.Watchlist);
        await page.AssertAccessibleAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByText("“Coco” is back on your watchlist.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove “Coco”" })).ToBeFocusedAsync();
        Assert.Equal([354912], user.Watchlist.Select(w => w.Movie.TmdbId));
        await page.AssertAccessibleAsync();

        // The page's own search finds movies the household knows; one already listed cannot be ticked again.
        await page.GetByLabel("Search for a movie").FillAsync("Coc");
        var found = page.Locator("#watchlist-found");
        await Expect(found.GetByRole(AriaRole.Button, new() { Name = "✓ On watchlist (remove “Coco”)" })).ToBeVisibleAsync();
        await Expect(found.GetByRole(AriaRole.Checkbox, new() { Name = "Select “Coco”" })).ToBeDisabledAsync();
        await page.AssertAccessibleAsync();
        Assert.Empty(cspViolations);
    }
}
