using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace MovieNight.Tests.Browser;

/// <summary>A [Fact] that runs only where Debian's Chromium is installed, and says why otherwise.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(BrowserSession.ChromiumPath)) Skip = BrowserSession.MissingChromium;
    }
}

/// <summary>One headless Chromium shared by the browser tests (Debian's, never a downloaded one).</summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string MissingChromium =
        "Browser test skipped: Chromium is not installed at /usr/bin/chromium. Install Debian's package (apt-get install -y chromium) to run it; .ci/run does.";

    private IPlaywright? playwright;
    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) return;
        // A shared 2-core CI machine can be slow to answer; a missing element still fails, just later.
        Assertions.SetDefaultExpectTimeout(10_000);
        playwright = await Playwright.CreateAsync();
        Chromium = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machine's network is closed: no background calls to Google's services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh phone-sized (360 px wide) touch browser context on the app.</summary>
    public async Task<IPage> NewPhoneAsync(string baseUrl)
    {
        var context = await Chromium.NewContextAsync(new()
        {
            BaseURL = baseUrl,
            ViewportSize = new() { Width = 360, Height = 740 },
            HasTouch = true,
            IsMobile = true,
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (playwright is null) return;
        await Chromium.DisposeAsync();
        playwright.Dispose();
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>;

public static class PageChecks
{
    /// <summary>Adds every Content Security Policy error the page logs to its console to <paramref name="violations"/>.</summary>
    public static void ReportCspViolationsTo(this IPage page, ICollection<string> violations) =>
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy")) lock (violations) violations.Add(message.Text);
        };

    /// <summary>Signs in as a person does: the profile tile, the PIN, then the home page greets them.</summary>
    public static async Task SignInAsync(this IPage page, string name, string pin)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.GetByLabel("Enter your PIN").FillAsync(pin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Hi, {name}!" })).ToBeVisibleAsync();
    }

    /// <summary>No serious or critical axe violations, and nothing wider than the 360 px screen.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}").ToList();
        Assert.True(bad.Count == 0, $"axe on {page.Url}:\n{string.Join("\n", bad)}");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var widest = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361 || e.scrollWidth > e.clientWidth + 1)
                  .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 60)).slice(0, 5).join('\n')
            """);
        Assert.True(width <= 360, $"{page.Url} is {width}px wide on a 360px screen; too wide:\n{widest}");
    }
}
