using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Watched;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

/// <summary>The shell on a 360 px phone and a 1280 px desktop: the PIN pad, the home's tiles, title art, installing, field errors.</summary>
[Collection("browser")]
public sealed class ShellBrowserTests(BrowserSession browser) : IDisposable
{
    private readonly MovieNightApp app = new(kestrel: true);
    private readonly List<string> cspViolations = [];

    public void Dispose()
    {
        app.Dispose();
        Assert.Empty(cspViolations.WithoutScreenshotStyles());
    }

    private async Task<IPage> OpenAsync(Screen screen)
    {
        var page = await browser.NewPageAsync(app.ServerAddress(), screen);
        page.ReportCspViolationsTo(cspViolations);
        return page;
    }

    /// <summary>How many lines the element's text takes (a button label broken mid-word takes two).</summary>
    private static Task<int> LinesOfTextAsync(ILocator element) => element.EvaluateAsync<int>("""
        e => { const r = document.createRange(); r.selectNodeContents(e);
               return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; }
        """);

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task The_pin_pad_keeps_each_button_on_one_line_and_signs_in_on_enter(Screen screen)
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var page = await OpenAsync(screen);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Erik" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        var pad = page.GetByRole(AriaRole.Group, new() { Name = "PIN pad" });
        var buttons = pad.GetByRole(AriaRole.Button);
        await Expect(buttons).ToHaveCountAsync(12);
        foreach (var button in await buttons.AllAsync())
        {
            Assert.Equal(1, await LinesOfTextAsync(button));
            var box = (await button.BoundingBoxAsync())!;
            Assert.True(box is { Width: >= 44, Height: >= 44 }, $"{await button.TextContentAsync()} is {box.Width} × {box.Height} px");
        }
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("sign-in-pin-pad");

        // On the phone the pad is the keyboard: the phone's own keyboard is not asked to cover it.
        var pin = page.GetByLabel("Enter your PIN");
        await Expect(pin).ToHaveAttributeAsync("inputmode", screen == Screen.Phone ? "none" : "numeric");

        // Tapping digits, then Enter from the pad (focus on a pad button) signs in; a typed digit lands in the field too.
        foreach (var digit in "482") await pad.GetByRole(AriaRole.Button, new() { Name = digit.ToString(), Exact = true }).ClickAsync();
        await pad.GetByRole(AriaRole.Button, new() { Name = "2", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("1");
        await Expect(pin).ToHaveValueAsync("4821");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hi, Erik!" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_keyboard_types_the_pin_into_the_field_and_enter_signs_in()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var page = await OpenAsync(Screen.Desktop);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Erik" }).ClickAsync();
        await Expect(page.GetByLabel("Enter your PIN")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("4821");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hi, Erik!" })).ToBeVisibleAsync();
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task The_home_shows_what_to_do_now_as_tiles_and_the_other_places_as_a_grid(Screen screen)
    {
        // Friday morning: voting is open; Timea nominated a movie without a poster.
        var week = PastWeekData.WeekOf(TestClock.Next(DayOfWeek.Friday, 10, PastWeekData.Budapest));
        app.Clock.Set(TestClock.Next(DayOfWeek.Friday, 10, PastWeekData.Budapest));
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "👨‍💼");
        var timea = await app.CreateMemberAsync("Timea Kovács-Szentgyörgyiné", pin: "1357", icon: "👩");
        await app.NominationAsync(week, timea, "Szerelmem, Mindenem: Egy Nagyon Hosszú Magyar Filmcím");
        var page = await OpenAsync(screen);
        await page.SignInAsync("Erik", "4821");

        var vote = page.Locator("[data-home-action=vote]");
        await Expect(vote).ToContainTextAsync("Vote for this week's movies");
        await Expect(vote).ToContainTextAsync("You have 2 of 2 votes left.");
        var places = page.GetByRole(AriaRole.Navigation, new() { Name = "Everything else" });
        foreach (var place in new[] { "Past weeks", "My movies", "My watchlist", "My profile", "Members", "Settings" })
            await Expect(places.GetByRole(AriaRole.Link, new() { Name = place, Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("main ul.link-list").CountAsync());
        // The profile picker is still there, below.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Switch profile" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("home-voting");

        // The tile leads to the week; the movie without a poster shows its title as art, in its own colour.
        await vote.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Week$"));
        var art = page.Locator(".movie-card .title-art").First;
        await Expect(art).ToContainTextAsync("Szerelmem, Mindenem");
        await Expect(art).ToHaveClassAsync(new Regex(@"\btitle-art-\d+\b"));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("week-title-art");

        // A vote cast on the week page shows on the home straight away.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Vote for Szerelmem") }).ClickAsync();
        await Expect(page.Locator(".votes-left")).ToContainTextAsync("1 of 2");
        await page.GotoAsync("/");
        await Expect(page.Locator("[data-home-action=vote]")).ToContainTextAsync("You have 1 of 2 votes left.");
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task The_app_is_installable_with_a_manifest_and_icons_served_with_their_types(Screen screen)
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var page = await OpenAsync(screen);
        await page.GotoAsync("/");
        var manifestUrl = await page.Locator("link[rel=manifest]").GetAttributeAsync("href");
        var theme = await page.Locator("meta[name=theme-color]").GetAttributeAsync("content");
        Assert.Equal("#14161c", theme);

        // The browser fetches them as it would to install the app (same origin, within the CSP).
        var manifest = await page.EvaluateAsync<JsonElement>("""
            async url => { const r = await fetch(url); return { type: r.headers.get('content-type'), body: await r.json() }; }
            """, manifestUrl);
        Assert.StartsWith("application/manifest+json", manifest.GetProperty("type").GetString());
        var body = manifest.GetProperty("body");
        Assert.Equal(("standalone", "/", "/", "#14161c"), (body.GetProperty("display").GetString(), body.GetProperty("start_url").GetString(),
            body.GetProperty("scope").GetString(), body.GetProperty("background_color").GetString()));
        var icons = body.GetProperty("icons").EnumerateArray().ToList();
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "192x192");
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "512x512" && i.GetProperty("purpose").GetString() == "maskable");

        var sources = icons.Select(i => (i.GetProperty("src").GetString()!, i.GetProperty("type").GetString()!))
            .Append(("/icons/apple-touch-icon.png", "image/png")).Append(("/favicon.ico", "image/x-icon")).ToList();
        foreach (var (src, type) in sources)
        {
            var served = await page.EvaluateAsync<JsonElement>("""
                async url => { const r = await fetch(url); const b = await r.arrayBuffer(); return { status: r.status, type: r.headers.get('content-type'), size: b.byteLength }; }
                """, src);
            Assert.Equal((200, type), (served.GetProperty("status").GetInt32(), served.GetProperty("type").GetString()));
            Assert.True(served.GetProperty("size").GetInt32() > 100, $"{src} is empty");
        }
        // A PNG icon is really as large as the manifest says.
        var size = await page.EvaluateAsync<int[]>("""
            async () => { const i = new Image(); i.src = '/icons/icon-512.png'; await i.decode(); return [i.naturalWidth, i.naturalHeight]; }
            """);
        Assert.Equal([512, 512], size);
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task A_refused_form_names_the_problem_beside_its_field_and_keeps_what_was_typed(Screen screen)
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        await app.CreateMemberAsync("Niki", pin: "2468");
        var page = await OpenAsync(screen);
        await page.SignInAsync("Erik", "4821");
        await page.GotoAsync("/Admin/Members");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Niki");
        await page.GetByLabel("PIN (optional)").FillAsync("12ab");
        await page.EvaluateAsync("() => document.querySelectorAll('form [pattern], form [minlength]').forEach(e => { e.removeAttribute('pattern'); e.removeAttribute('minlength'); })");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();

        var pin = page.GetByLabel("PIN (optional)");
        await Expect(pin).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(pin).ToHaveAccessibleDescriptionAsync(new Regex("A PIN is 4 to 8 digits."));
        await Expect(page.Locator("#pin-error")).ToContainTextAsync("A PIN is 4 to 8 digits.");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Niki");
        // The summary at the top links to the field.
        await page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { Name = "A PIN is 4 to 8 digits." }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#pin$"));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("members-field-error");

        // A name already taken is named under the name field.
        await page.GetByLabel("PIN (optional)").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveAccessibleDescriptionAsync("There is already a member called Niki.");
        await page.AssertAccessibleAsync();
    }

    [BrowserFact]
    public async Task Resetting_a_pin_asks_first_and_cancel_changes_nothing()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki", pin: "2468");
        var page = await OpenAsync(Screen.Phone);
        await page.SignInAsync("Erik", "4821");
        await page.GotoAsync($"/Admin/Members/Edit/{niki.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset PIN" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Reset Niki's PIN? They are signed out on every device.");
        await page.AssertAccessibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.True((await app.Members.FindAsync(niki.Id))!.HasPin);

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset PIN" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reset PIN" }).ClickAsync();
        await Expect(page.Locator("[data-setup-code]")).ToBeVisibleAsync();
        Assert.False((await app.Members.FindAsync(niki.Id))!.HasPin);
    }
}
