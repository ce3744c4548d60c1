using System.Net;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Jobs;

/// <summary>Hangfire's dashboard at /admin/jobs: the app's sign-in and admin policy decide, and only it gets a looser CSP.</summary>
public sealed class JobsDashboardTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Admin_sees_the_dashboard_with_the_closing_job_and_a_link_back_but_no_connection_string()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");

        Assert.Contains("href=\"/admin/jobs\"", await (await admin.GetAsync("/")).Content.ReadAsStringAsync());
        var dashboard = await admin.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var recurring = await admin.GetAsync("/admin/jobs/recurring");
        var html = await recurring.Content.ReadAsStringAsync();
        Assert.Contains("close-week", html);
        Assert.Contains("href=\"/\"", html); // "Back to site"
        Assert.DoesNotContain("jobs.db", html);
        Assert.DoesNotContain(app.Data.Path, await dashboard.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_member_who_is_not_an_admin_gets_403()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var client = await app.SignedInClientAsync(timea, "1357");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/jobs/recurring")).StatusCode);
        var trigger = await client.PostAsync("/admin/jobs/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "close-week")]));
        Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);
    }

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_sign_in()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var response = await app.NewClient().GetAsync("/admin/jobs/recurring");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/?", response.Headers.Location!.OriginalString);
        Assert.Contains("ReturnUrl=%2Fadmin%2Fjobs%2Frecurring", response.Headers.Location.OriginalString);
    }

    [Fact]
    public async Task Only_the_dashboard_allows_inline_styles_and_no_page_allows_inline_scripts()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");

        var dashboardPolicy = (await admin.GetAsync("/admin/jobs")).Headers.GetValues("Content-Security-Policy").Single();
        var appPolicy = (await admin.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();

        Assert.Contains("style-src 'self' 'unsafe-inline';", dashboardPolicy);
        Assert.Contains("script-src 'self';", dashboardPolicy);
        Assert.Contains("style-src 'self';", appPolicy);
        Assert.DoesNotContain("unsafe", appPolicy);
        Assert.DoesNotContain("unsafe", (await admin.GetAsync("/admin/jobsx")).Headers.GetValues("Content-Security-Policy").Single());
    }
}
