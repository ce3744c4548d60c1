using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MovieNight.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

[Collection("browser")]
public sealed class HouseholdBrowserTests(BrowserSession browser) : IDisposable
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
    public async Task Setup_on_an_empty_database_creates_the_admin_and_signs_them_in()
    {
        var page = await OpenAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/Setup$"));
        await page.AssertAccessibleAsync();

        await page.GetByLabel("Your name").FillAsync("Erik");
        await page.GetByText("🦊", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("PIN (4 to 8 digits)").FillAsync("4821");
        await page.GetByLabel("The same PIN again").FillAsync("4821");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my profile" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hi, Erik!" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        var erik = Assert.Single(await app.Members.ListAsync(true));
        Assert.True(erik.IsAdmin);
        Assert.Equal("🦊", erik.Icon);
    }

    [BrowserFact]
    public async Task Pick_a_profile_tap_the_pin_on_the_pad_and_land_signed_in()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "👨‍💼");
        await app.CreateMemberAsync("Jázmin", pin: "2468", icon: "👧");
        var page = await OpenAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Who's watching?" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Jázmin" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hi, Jázmin" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        foreach (var digit in "2469")
            await page.GetByRole(AriaRole.Button, new() { Name = digit.ToString(), Exact = true }).TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete last digit" }).TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "8", Exact = true }).TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).TapAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hi, Jázmin!" })).ToBeVisibleAsync();
        await Expect(page.Locator("header summary")).ToContainTextAsync("Jázmin");
    }

    [BrowserFact]
    public async Task The_pin_can_be_typed_by_keyboard_alone()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var page = await OpenAsync();
        await page.GotoAsync("/");
        // Tab from the top of the page to Erik's tile, open it, type the PIN and press Enter.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Erik" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Enter your PIN")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("4821");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hi, Erik!" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Five_wrong_pins_show_the_lock_out_with_the_time_left()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var page = await OpenAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Erik" }).ClickAsync();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await page.GetByLabel("Enter your PIN").FillAsync("0000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(attempt < 4 ? $"{5 - attempt} attempts left" : "One more wrong PIN");
        }
        await page.GetByLabel("Enter your PIN").FillAsync("0000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Erik's profile is locked. Try again in");
        await Expect(alert).ToContainTextAsync(new Regex("(60|[1-5][0-9]) seconds|1 minute"));
        await Expect(page.GetByLabel("Enter your PIN")).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeDisabledAsync();
        await page.AssertAccessibleAsync();
    }

    [BrowserFact]
    public async Task An_admin_adds_a_member_who_then_signs_in()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var page = await OpenAsync();
        await page.SignInAsync("Erik", "4821");

        await page.Locator("header summary").ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Members", Exact = true })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Niki");
        await page.GetByLabel("Or type any emoji").FillAsync("🦄");
        await page.GetByLabel("PIN (optional)").FillAsync("97531");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Niki was added");
        await page.AssertAccessibleAsync();

        await SignOutFromMenuAsync(page);
        await page.SignInAsync("Niki", "97531");
        await Expect(page.Locator("header summary")).ToContainTextAsync("🦄");
    }

    [BrowserFact]
    public async Task Deactivating_a_member_updates_their_row_in_place_with_htmx()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki");
        var page = await OpenAsync();
        await page.SignInAsync("Erik", "4821");
        await page.GotoAsync("/Admin/Members");
        await page.EvaluateAsync("() => window.notReloaded = true");

        var row = page.Locator($"#member-{niki.Id}");
        await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate Niki" }).ClickAsync();
        // Deactivating asks first; Cancel changes nothing.
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync("Deactivate Niki? They can no longer sign in");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();
        Assert.True((await app.Members.FindAsync(niki.Id))!.IsActive);
        await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate Niki" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Deactivate Niki" }).ClickAsync();
        await Expect(row).ToContainTextAsync("inactive");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Reactivate Niki" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.False((await app.Members.FindAsync(niki.Id))!.IsActive);

        // The last admin's own "Remove admin" is refused in place, with the reason.
        var me = page.Locator("li.member-row", new() { HasText = "you" });
        await me.GetByRole(AriaRole.Button, new() { Name = "Remove admin (Erik)" }).ClickAsync();
        await Expect(me.GetByRole(AriaRole.Alert)).ToContainTextAsync("The household needs an admin");
        await page.AssertAccessibleAsync();
    }

    [BrowserFact]
    public async Task A_failed_htmx_request_says_so_and_changes_nothing()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki");
        var page = await OpenAsync();
        await page.SignInAsync("Erik", "4821");
        await page.GotoAsync("/Admin/Members");
        // As if the page had sat open past its antiforgery token's life.
        await page.RouteAsync(new Regex("handler=Active"), route => route.FulfillAsync(new() { Status = 400, Body = "" }));

        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate Niki" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Deactivate Niki" }).ClickAsync();
        await Expect(page.Locator("#request-error")).ToHaveTextAsync("This page is out of date. Reload it and try again; nothing was changed.");
        await Expect(page.Locator($"#member-{niki.Id}")).Not.ToContainTextAsync("inactive");
        await page.AssertAccessibleAsync();
    }

    [BrowserFact]
    public async Task Every_other_page_of_the_household_is_accessible_on_a_phone()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki", pin: null);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var page = await OpenAsync();

        await page.GotoAsync($"/SignIn/{niki.Id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose a PIN, Niki" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.GotoAsync("/no-such-page");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nothing here" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.SignInAsync("Timea", "1357");
        await page.GotoAsync("/Admin/Members");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not for this profile" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/Account");
        await page.AssertAccessibleAsync();
        await page.GetByText("🐼", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save icon" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your icon is saved.");
        await Expect(page.Locator("header summary")).ToContainTextAsync("🐼");
        await page.AssertAccessibleAsync();

        await SignOutFromMenuAsync(page);
        await page.SignInAsync("Erik", "4821");
        await page.GotoAsync($"/Admin/Members/Edit/{erik.Id}");
        await page.AssertAccessibleAsync();
        await page.GotoAsync("/Admin/Import");
        await page.AssertAccessibleAsync();
    }

    [BrowserFact]
    public async Task The_first_admin_reads_the_report_of_the_data_json_imported_at_first_start()
    {
        using var data = new TempDirectory();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Import", "Samples", "telegram-mixed-voting.json"), data.File("data.json"));
        using var imported = new MovieNightApp(data, kestrel: true);
        var page = await browser.NewPhoneAsync(imported.ServerAddress());
        await page.SignInAsync("Erik", "4821");
        await page.GetByRole(AriaRole.Link, new() { Name = "Read the import report" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import report" })).ToBeVisibleAsync();
        await Expect(page.Locator(".counts")).ToContainTextAsync("36");
        await page.AssertAccessibleAsync();
    }

    private static async Task SignOutFromMenuAsync(IPage page)
    {
        await page.Locator("header summary").ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Who's watching?" })).ToBeVisibleAsync();
    }

}
