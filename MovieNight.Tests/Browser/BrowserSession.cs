using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

[assembly: MovieNight.Tests.Browser.CloseBrowserPages]

namespace MovieNight.Tests.Browser;

/// <summary>A [Fact] that runs only where Debian's Chromium is installed, and says why otherwise.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(BrowserSession.ChromiumPath)) Skip = BrowserSession.MissingChromium;
    }
}

/// <summary>A [Theory] that runs only where Debian's Chromium is installed, and says why otherwise.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (!File.Exists(BrowserSession.ChromiumPath)) Skip = BrowserSession.MissingChromium;
    }
}

/// <summary>The two screens every page is tried on: a 360 px phone (touch) and a 1280 px desktop.</summary>
public enum Screen { Phone, Desktop }

/// <summary>One headless Chromium shared by the browser tests (Debian's, never a downloaded one).</summary>
public sealed class BrowserSession(IMessageSink reporter) : IAsyncLifetime
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
    public Task<IPage> NewPhoneAsync(string baseUrl) => NewPageAsync(baseUrl, Screen.Phone);

    /// <summary>A fresh browser context on the app, on a phone (360 px, touch) or a desktop (1280 px, mouse).</summary>
    public async Task<IPage> NewPageAsync(string baseUrl, Screen screen)
    {
        var phone = screen == Screen.Phone;
        var context = await Chromium.NewContextAsync(new()
        {
            BaseURL = baseUrl,
            ViewportSize = phone ? new() { Width = 360, Height = 740 } : new() { Width = 1280, Height = 800 },
            HasTouch = phone,
            IsMobile = phone,
            Locale = "en-GB",
        });
        lock (OpenContexts) OpenContexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>The contexts the running browser test opened; closed when it ends (see CloseBrowserPagesAttribute).</summary>
    internal static readonly List<IBrowserContext> OpenContexts = [];

    public async Task DisposeAsync()
    {
        if (Directory.Exists(PageChecks.ScreenshotFolder))
        {
            var count = Directory.GetFiles(PageChecks.ScreenshotFolder, "*.png").Length;
            reporter.OnMessage(new Xunit.Sdk.DiagnosticMessage($"Screenshots ({count}) of the pages at 360 px and 1280 px: {PageChecks.ScreenshotFolder}"));
        }
        if (playwright is null) return;
        await Chromium.DisposeAsync();
        playwright.Dispose();
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>;

/// <summary>
/// Closes every page a browser test opened once it ends, so pages that keep polling (sync status, device
/// codes) do not keep Chromium busy through the rest of the run. Browser tests run one at a time (one
/// collection), so the contexts open after one are all its own.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class CloseBrowserPagesAttribute : Xunit.Sdk.BeforeAfterTestAttribute
{
    public override void After(System.Reflection.MethodInfo methodUnderTest)
    {
        var inBrowserCollection = methodUnderTest.DeclaringType?.CustomAttributes
            .Any(a => a.AttributeType == typeof(CollectionAttribute) && a.ConstructorArguments is [{ Value: "browser" }]) ?? false;
        if (!inBrowserCollection) return;
        IBrowserContext[] open;
        lock (BrowserSession.OpenContexts)
        {
            open = [.. BrowserSession.OpenContexts];
            BrowserSession.OpenContexts.Clear();
        }
        foreach (var context in open) context.CloseAsync().GetAwaiter().GetResult();
    }
}

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

    /// <summary>
    /// Where the browser tests leave screenshots for a reviewer: MOVIENIGHT_SCREENSHOTS, or TestResults/screenshots
    /// at the repository's root (not committed). The run names the folder at its end.
    /// </summary>
    public static string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("MOVIENIGHT_SCREENSHOTS") is { Length: > 0 } chosen
        ? Path.GetFullPath(chosen)
        : Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    /// <summary>Saves the whole page as "{name}-{width}.png" in <see cref="ScreenshotFolder"/>.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var width = page.ViewportSize?.Width ?? 0;
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-{width}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MovieNight.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }

    /// <summary>
    /// Waits until htmx has no request out and has settled what it swapped in: it wires up new buttons when it settles
    /// (20 ms after the swap), and a person is never quicker than that, though a test (a forced tap) can be.
    /// </summary>
    public static Task HtmxSettledAsync(this IPage page) =>
        Assertions.Expect(page.Locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")).ToHaveCountAsync(0);

    /// <summary>No serious or critical axe violations, and nothing wider than the screen (360 px on a phone).</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}").ToList();
        Assert.True(bad.Count == 0, $"axe on {page.Url}:\n{string.Join("\n", bad)}");
        var screen = page.ViewportSize?.Width ?? 360;
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var widest = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 || e.scrollWidth > e.clientWidth + 1)
                  .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 60)).slice(0, 5).join('\n')
            """);
        Assert.True(width <= screen, $"{page.Url} is {width}px wide on a {screen}px screen; too wide:\n{widest}");
        // Nor anything sticking out of its card's content (stars or lists wider than a grid card, say), which the screen's width hides.
        var outOfCard = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('.card *, .movie-item *')]
                  .filter(e => { const r = e.getBoundingClientRect(); if (r.width <= 1) return false;
                                 const card = e.parentElement.closest('.card, .movie-item'), c = card.getBoundingClientRect(), s = getComputedStyle(card);
                                 return r.right > c.right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth) + 1
                                     || r.left < c.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth) - 1; })
                  .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 60)).slice(0, 5).join('\n')
            """);
        Assert.True(outOfCard.Length == 0, $"{page.Url} on a {screen}px screen has something wider than its card:\n{outOfCard}");
    }
}
