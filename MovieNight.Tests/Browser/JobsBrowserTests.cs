using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Weeks;
using static Microsoft.Playwright.Assertions;

namespace MovieNight.Tests.Browser;

/// <summary>The admins' jobs dashboard (Hangfire's) in a real browser, under its own CSP.</summary>
[Collection("browser")]
public sealed class JobsBrowserTests(BrowserSession browser) : IAsyncLifetime
{
    // Workers look for queued jobs five times a second, so a triggered job runs while the page is open.
    private readonly MovieNightApp app = new MovieNightApp(kestrel: true).With("Jobs:QueuePollInterval", "00:00:00.2");
    private readonly List<string> cspViolations = [];
    private string baseUrl = "";

    public Task InitializeAsync()
    {
        baseUrl = app.ServerAddress();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    [BrowserFact]
    public async Task An_admin_opens_the_jobs_dashboard_from_home_and_runs_the_closing_job_now()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "👨‍💼");
        var page = await browser.NewPhoneAsync(baseUrl);
        page.ReportCspViolationsTo(cspViolations);
        page.PageError += (_, error) => cspViolations.Add("page error: " + error);
        await page.SignInAsync("Erik", "4821");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Everything else" }).GetByRole(AriaRole.Link, new() { Name = "Background jobs" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{baseUrl.TrimEnd('/')}/admin/jobs");
        await page.GotoAsync("/admin/jobs/recurring");
        var row = page.Locator("tr", new() { HasText = CloseWeekSchedule.JobId });
        await Expect(row).ToContainTextAsync("0 18 * * 5");
        await Expect(row).ToContainTextAsync("N/A"); // never run
        Assert.Null(app.Services.GetRequiredService<CloseWeekSchedule>().Stored()!.LastExecution);

        // Not read-only: "Trigger now" posts with the app's antiforgery token and queues the job.
        await row.Locator("input[type=checkbox]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
        await Expect(row).Not.ToContainTextAsync("N/A"); // the page reloads once the post succeeded
        Assert.NotNull(app.Services.GetRequiredService<CloseWeekSchedule>().Stored()!.LastExecution);

        // The job ran on the server; its page, and the others an admin visits, load under the dashboard's CSP.
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        for (var wait = 0; monitoring.SucceededListCount() == 0 && wait < 100; wait++) await Task.Delay(100);
        await page.GotoAsync("/admin/jobs/jobs/succeeded");
        await page.GetByRole(AriaRole.Link, new() { Name = "CloseWeekJob.RunAsync" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "CloseWeekJob.RunAsync" })).ToBeVisibleAsync();
        await Expect(page.GetByText("The job is finished")).ToBeVisibleAsync();
        foreach (var path in new[] { "/admin/jobs/servers", "/admin/jobs/retries", "/admin/jobs/jobs/failed", "/admin/jobs" })
            await page.GotoAsync(path);
        await Expect(page.Locator("#realtimeGraph")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(500); // the charts draw after load
        Assert.True(cspViolations.Count == 0, string.Join("\n", cspViolations));
    }
}
