using Microsoft.Playwright;
using MovieNight.Tests.Trakt;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

[Collection("browser")]
public sealed class TraktBrowserTests(BrowserSession browser)
{
    [BrowserFact]
    public async Task A_member_links_Trakt_by_device_code_sees_their_username_and_unlinks()
    {
        await using var house = await TraktHousehold.StartAsync(kestrel: true);
        house.Fake.DeviceInterval = TimeSpan.FromSeconds(1);
        house.Fake.AddUser("timea_watches", vip: false);
        var cspViolations = new List<string>();
        var page = await browser.NewPhoneAsync(house.App.ServerAddress());
        page.ReportCspViolationsTo(cspViolations);
        await page.SignInAsync("Timea", "1234");

        await page.Locator("summary").Filter(new() { HasText = "Timea" }).ClickAsync(); // the menu
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Trakt", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Link your Trakt account" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Link with a code instead" }).ClickAsync();

        var code = page.Locator(".user-code [aria-hidden]");
        await Expect(code).ToHaveTextAsync(house.Fake.LastDeviceCode!);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = $"QR code of https://trakt.tv/activate/{house.Fake.LastDeviceCode}" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        // The member enters the code at trakt.tv; the page notices at its next poll.
        house.Fake.ApproveDevice(house.Fake.LastDeviceCode!, "timea_watches");
        house.Clock.Advance(TimeSpan.FromSeconds(2));
        await Expect(page.GetByText("You are timea_watches at Trakt.", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".alert[role=status]")).ToContainTextAsync("Trakt linked");
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect Trakt" }).ClickAsync();
        await Expect(page.Locator(".alert[role=status]")).ToContainTextAsync("Trakt unlinked");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Link with Trakt" })).ToBeVisibleAsync();
        Assert.Equal(1, house.Fake.Count("POST", "/oauth/revoke"));
        Assert.Empty(cspViolations);
    }
}
