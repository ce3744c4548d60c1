using Microsoft.Playwright;
using MovieNight.Tests.Trakt;
using MovieNight.Web.Weeks;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

[Collection("browser")]
public sealed class TraktSyncBrowserTests(BrowserSession browser)
{
    [BrowserFact]
    public async Task A_member_imports_from_Trakt_sees_who_watched_and_sends_a_watch_back()
    {
        await using var house = await TraktHousehold.StartAsync(kestrel: true,
            settings: [("Jobs:QueuePollInterval", "00:00:00.3"), ("Jobs:SchedulePollInterval", "00:00:00.3")]);
        var user = house.Fake.AddUser("timea_watches");
        user.AddPlay(27205, new DateTimeOffset(2025, 3, 1, 20, 0, 0, TimeSpan.Zero));
        user.AddPlay(155, new DateTimeOffset(2025, 4, 1, 20, 0, 0, TimeSpan.Zero));
        user.AddRating(27205, 8);
        await house.LinkAsync(house.Timea, user);
        // This week's nominations: one Timea saw at Trakt, one nobody has seen yet.
        Assert.True((await house.Get<NominationBook>().NominateAsync(house.Admin.Id, new MovieChoice("Inception", "2010", 27205))).Succeeded);
        Assert.True((await house.Get<NominationBook>().NominateAsync(house.Timea.Id, new MovieChoice("Coco", "2017", 354912))).Succeeded);
        var cspViolations = new List<string>();
        var page = await browser.NewPhoneAsync(house.App.ServerAddress());
        page.ReportCspViolationsTo(cspViolations);
        await page.SignInAsync("Timea", "1234");

        await page.GotoAsync("/Trakt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import from Trakt" }).ClickAsync();
        await Expect(page.GetByText("2 movies")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByText("1 ratings")).ToBeVisibleAsync();
        await Expect(page.GetByText("Last synced just now")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/Week");
        var inception = page.Locator(".movie-card").Filter(new() { HasText = "Inception" });
        await Expect(inception.Locator(".seen-by")).ToContainTextAsync("Timea");
        var coco = page.Locator(".movie-card").Filter(new() { HasText = "Coco" });
        await Expect(coco.Locator(".seen-by")).ToHaveCountAsync(0);

        await coco.Locator("a.mark-watched").ClickAsync();
        // Yesterday evening, from the day and time lists (written the household's way).
        await page.GetByLabel("Day").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await Expect(page.GetByLabel("Day").Locator("option:checked")).ToContainTextAsync("Yesterday, ");
        await page.GetByLabel("Time").SelectOptionAsync("20:30");
        await page.StarPicker("Your rating (optional)").TapStarsAsync("5 stars");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".alert[role=status]")).ToContainTextAsync("Coco is in your movies; it goes to Trakt with your next sync.");

        await page.GotoAsync("/Trakt");
        await Expect(page.GetByText("1 watch waiting to go to Trakt with the next sync.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        for (var waited = 0; user.PlayCount(354912) == 0 && waited < 200; waited++) await Task.Delay(100);
        Assert.Equal(1, user.PlayCount(354912));
        // The page polls until the sync is done, then shows the totals with nothing left waiting.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sync now" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByText("3 movies")).ToBeVisibleAsync();
        await Expect(page.GetByText("waiting to go to Trakt")).ToHaveCountAsync(0);
        Assert.Equal(10, user.Ratings.Single(r => r.Movie.TmdbId == 354912).Rating);
        Assert.Empty(cspViolations);
    }
}
