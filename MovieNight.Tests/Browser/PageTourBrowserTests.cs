using Microsoft.Playwright;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Watched;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Web.Household;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

/// <summary>
/// Every main page, on a 360 px phone and a 1280 px desktop, through the three phases of a week:
/// each must be axe-clean and fit the screen, and each is photographed for a reviewer
/// (PageChecks.ScreenshotFolder, named at the end of the run).
/// </summary>
[Collection("browser")]
public sealed class PageTourBrowserTests(BrowserSession browser) : IAsyncLifetime
{
    private readonly MovieNightApp app = new(kestrel: true);
    private readonly List<string> cspViolations = [];
    private FakeTmdbServer tmdb = null!;
    private string baseUrl = "";
    /// <summary>Timea's and Niki's votes this week, cast once voting is open.</summary>
    private Func<Task> castVotes = () => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        tmdb = await FakeTmdbServer.StartAsync();
        app.With("Tmdb:ApiBaseUrl", tmdb.BaseUrl).With("TMDB_API_KEY", FakeTmdbServer.ApiKey);
        // A Monday evening: nominations are open, and Friday's voting and Saturday's results are ahead in the same week.
        app.Clock.Set(TestClock.Next(DayOfWeek.Monday, 20, PastWeekData.Budapest));
        baseUrl = app.ServerAddress();
    }

    public async Task DisposeAsync()
    {
        app.Dispose();
        await tmdb.DisposeAsync();
        Assert.Empty(cspViolations);
    }

    /// <summary>Erik (admin), Timea and Niki; last week played (Coco won, Up second, both watched and rated); two nominations this week.</summary>
    private async Task<(Member Erik, long Coco)> HouseholdAsync()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "👨‍💼");
        var timea = await app.CreateMemberAsync("Timea", pin: "1357", icon: "👩‍🦰");
        var niki = await app.CreateMemberAsync("Niki", pin: "2468", icon: "🦊");
        var thisWeek = PastWeekData.WeekOf(app.Clock.GetUtcNow());
        var last = thisWeek.Previous;
        var coco = await app.NominationAsync(last, timea, "Coco", tmdbId: 354912, year: "2017");
        var up = await app.NominationAsync(last, erik, "Up", tmdbId: 14160, year: "2009");
        var her = await app.NominationAsync(last, niki, "Her", tmdbId: 152601, year: "2013");
        await app.VoteAsync(last, coco, erik, timea, niki);
        await app.VoteAsync(last, up, timea, niki);
        await app.VoteAsync(last, her, erik);
        await app.ResultAsync(last, coco, up);
        var lastFriday = app.Clock.GetUtcNow().AddDays(-4);
        await app.WatchAsync(erik, coco, rating: 9, at: lastFriday);
        await app.WatchAsync(timea, coco, rating: 8, at: lastFriday);
        await app.WatchAsync(erik, up, at: lastFriday.AddDays(1));

        var amelie = await app.NominationAsync(thisWeek, timea, "Amélie", tmdbId: 194, year: "2001");
        var hotel = await app.NominationAsync(thisWeek, niki, "The Grand Budapest Hotel", tmdbId: 120467, year: "2014");
        castVotes = async () =>
        {
            await app.VoteAsync(thisWeek, amelie, timea, niki);
            await app.VoteAsync(thisWeek, hotel, timea);
        };
        return (erik, coco);
    }

    /// <summary>
    /// Jumps the test clock, then does what the passing of real time would: the week's deadline job closes it
    /// and cached pages (kept until the next phase change in real time) are dropped.
    /// </summary>
    private async Task MoveClockAsync(DayOfWeek day, int hour)
    {
        app.Clock.Set(TestClock.Next(day, hour, PastWeekData.Budapest, after: app.Clock.GetUtcNow()));
        await app.Services.GetRequiredService<WeekCloser>().CloseDueWeeksAsync(ClosedBy.CatchUp);
        await app.Services.GetRequiredService<PageCache>().HouseholdChangedAsync();
    }

    private static async Task VisitAsync(IPage page, string path, string name)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync(name);
    }

    /// <summary>
    /// README's phone pictures: with MOVIENIGHT_README_SCREENSHOTS=docs/screenshots set (relative to the repository), the phone's screen
    /// (not the whole page) as a small JPEG. Run on demand; the committed pictures come from here.
    /// </summary>
    private static async Task ReadmePictureAsync(IPage page, Screen screen, string name)
    {
        if (screen != Screen.Phone || Environment.GetEnvironmentVariable("MOVIENIGHT_README_SCREENSHOTS") is not { Length: > 0 } folder) return;
        folder = Path.Combine(PageChecks.RepositoryRoot(), folder);
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".jpg"), Type = ScreenshotType.Jpeg, Quality = 70, Animations = ScreenshotAnimations.Disabled });
    }

    [BrowserTheory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task Every_main_page_is_accessible_fits_the_screen_and_is_photographed(Screen screen)
    {
        var (erik, coco) = await HouseholdAsync();
        var page = await browser.NewPageAsync(baseUrl, screen);
        page.ReportCspViolationsTo(cspViolations);
        await page.RouteAsync("https://image.tmdb.org/**", route => route.AbortAsync());

        await VisitAsync(page, "/", "01-profiles");
        await page.GetByRole(AriaRole.Link, new() { Name = "Erik" }).ClickAsync();
        await Expect(page.GetByLabel("Enter your PIN")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("02-pin-pad");
        await page.SignInAsync("Erik", "4821");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("03-home");
        await ReadmePictureAsync(page, screen, "home");

        // Nominations are open: the week, and a search as it is typed.
        await VisitAsync(page, "/Week", "04-week-nominate");
        await page.GetByLabel("Search for a movie").PressSequentiallyAsync("matrix", new() { Delay = 20 });
        await Expect(page.Locator("#search-results [data-search-result]").First).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("05-week-search");

        await VisitAsync(page, "/History", "06-history");
        await VisitAsync(page, $"/Watched/{coco}", "07-we-watched-it");
        await VisitAsync(page, $"/Members/{erik.Id}", "08-my-movies");
        await VisitAsync(page, "/Watchlist", "09-watchlist");
        await VisitAsync(page, "/Account", "10-profile");
        await VisitAsync(page, "/Trakt", "11-trakt");
        await VisitAsync(page, "/Admin/Members", "12-admin-members");
        await VisitAsync(page, "/Admin/Settings", "13-admin-settings");
        await VisitAsync(page, "/Admin/Trakt", "14-admin-trakt");
        await VisitAsync(page, "/Admin/Backups", "15-admin-backups");
        await VisitAsync(page, "/Admin/Import", "16-admin-import");

        // Friday morning: voting is open.
        await MoveClockAsync(DayOfWeek.Friday, 9);
        await castVotes();
        await VisitAsync(page, "/", "17-home-voting");
        await VisitAsync(page, "/Week", "18-week-vote");
        await ReadmePictureAsync(page, screen, "week-voting");

        // Saturday evening: the results, with the podium.
        await MoveClockAsync(DayOfWeek.Saturday, 21);
        await VisitAsync(page, "/Week", "19-week-results");
        await ReadmePictureAsync(page, screen, "week-results");
        await VisitAsync(page, "/", "20-home-results");
    }
}
