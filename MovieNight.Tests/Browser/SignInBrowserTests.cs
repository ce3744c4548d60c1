using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MovieNight.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

/// <summary>Setup codes and sessions as people meet them: an admin's phone, the new member's phone, their laptop.</summary>
[Collection("browser")]
public sealed class SignInBrowserTests(BrowserSession browser) : IDisposable
{
    private readonly MovieNightApp app = new(kestrel: true);
    private readonly List<string> cspViolations = [];

    public void Dispose()
    {
        app.Dispose();
        Assert.Empty(cspViolations);
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await browser.NewPhoneAsync(app.ServerAddress());
        page.ReportCspViolationsTo(cspViolations);
        return page;
    }

    [BrowserFact]
    public async Task A_new_member_chooses_a_pin_with_the_admins_setup_code_and_signs_out_device_by_device()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await OpenAsync();
        await admin.SignInAsync("Erik", "4821");
        await admin.GotoAsync("/Admin/Members");
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("Niki");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();

        var card = admin.Locator("[data-setup-code]");
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = "Setup code for Niki" })).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Img, new() { Name = "QR code of the sign-in link for Niki" })).ToBeVisibleAsync();
        var code = (await card.Locator("[data-code]").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        await admin.AssertAccessibleAsync();

        // Niki's phone: another browser context, the code read aloud and typed in.
        var phone = await OpenAsync();
        await phone.GotoAsync("/");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Niki" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Choose a PIN, Niki" })).ToBeVisibleAsync();
        await phone.AssertAccessibleAsync();
        await phone.GetByLabel("Setup code").FillAsync(code.ToLowerInvariant());
        await phone.GetByLabel("New PIN").FillAsync("2468");
        await phone.GetByLabel("The same PIN again").FillAsync("2468");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save PIN and sign in" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Hi, Niki!" })).ToBeVisibleAsync();

        // Niki's laptop signs in too; both appear under My profile.
        var laptop = await OpenAsync();
        await laptop.SignInAsync("Niki", "2468");
        await laptop.GotoAsync("/Account");
        await Expect(laptop.Locator("[data-device]")).ToHaveCountAsync(2);
        await laptop.AssertAccessibleAsync();

        // Signing out on the phone leaves the laptop signed in...
        await phone.Locator("header summary").ClickAsync();
        await phone.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Who's watching?" })).ToBeVisibleAsync();
        await laptop.ReloadAsync();
        await Expect(laptop.Locator("[data-device]")).ToHaveCountAsync(1);
        await Expect(laptop.GetByRole(AriaRole.Heading, new() { Name = "Niki" })).ToBeVisibleAsync();

        // The laptop signs the phone out from its list (htmx removes the row in place)...
        await phone.SignInAsync("Niki", "2468");
        await laptop.ReloadAsync();
        await Expect(laptop.Locator("[data-device]")).ToHaveCountAsync(2);
        await laptop.Locator("[data-device]:not(:has(.badge))").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(laptop.Locator("[data-device]")).ToHaveCountAsync(1);
        await phone.GotoAsync("/Account");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Who's watching?" })).ToBeVisibleAsync();

        // ...and the phone, signed in again, is signed out with the laptop by "Sign out everywhere".
        await phone.SignInAsync("Niki", "2468");
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Expect(laptop.GetByRole(AriaRole.Heading, new() { Name = "Who's watching?" })).ToBeVisibleAsync();
        await phone.GotoAsync("/Account");
        await Expect(phone).ToHaveURLAsync(new Regex("/\\?ReturnUrl=%2FAccount$"));
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Who's watching?" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_no_pin_profile_signs_in_with_a_tap()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var bence = await app.CreateMemberAsync("Bence", pin: null);
        await app.Members.SetNoPinAsync(bence.Id, true);
        var page = await OpenAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Bence" })).ToContainTextAsync("no PIN");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bence" }).ClickAsync();
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as Bence" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hi, Bence!" })).ToBeVisibleAsync();
    }
}
