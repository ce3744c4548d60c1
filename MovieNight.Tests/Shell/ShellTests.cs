using System.Net;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Shell;

public sealed class ShellTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Every_page_has_a_strict_content_security_policy_and_security_headers()
    {
        var response = await app.NewClient().GetAsync("/Setup");
        var csp = string.Join("", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("HX-Request", response.Headers.Vary);
    }

    [Fact]
    public async Task Pages_carry_no_inline_script_and_load_htmx_and_the_antiforgery_token()
    {
        var page = await app.NewClient().GetPageAsync("/Setup");
        var scripts = page.Document.QuerySelectorAll("script").ToList();
        Assert.All(scripts, s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src"))));
        Assert.Contains(scripts, s => s.GetAttribute("src")!.StartsWith("/lib/htmx/htmx.min.js"));
        Assert.False(string.IsNullOrEmpty(page.Document.QuerySelector("meta[name=request-verification-token]")?.GetAttribute("content")));
        Assert.Empty(page.Document.QuerySelectorAll("[style]"));
        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().GetAsync("/lib/htmx/htmx.min.js")).StatusCode);
    }

    [Fact]
    public async Task Htmx_file_matches_the_version_in_libman_json()
    {
        var root = Path.GetDirectoryName(typeof(ShellTests).Assembly.Location)!;
        while (!File.Exists(Path.Combine(root, "MovieNight.sln"))) root = Path.GetDirectoryName(root)!;
        var libman = await File.ReadAllTextAsync(Path.Combine(root, "MovieNight.Web", "libman.json"));
        var version = System.Text.RegularExpressions.Regex.Match(libman, "htmx.org@([0-9.]+)").Groups[1].Value;
        var htmx = await File.ReadAllTextAsync(Path.Combine(root, "MovieNight.Web", "wwwroot", "lib", "htmx", "htmx.min.js"));
        Assert.Contains($"version:\"{version}\"", htmx.Replace(" ", ""));
    }

    [Fact]
    public async Task Unknown_pages_get_a_friendly_404()
    {
        // For visitors too: the fallback policy covers pages, not paths nothing answers.
        await app.CreateMemberAsync("Erik", admin: true);
        var page = await app.NewClient().GetPageAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Nothing here", page.Text);
        Assert.Contains("Back to MovieNight", page.Text);
    }

    [Fact]
    public async Task Healthz_reports_a_reachable_migrated_database()
    {
        var response = await app.NewClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_is_unhealthy_when_the_schema_is_behind()
    {
        await app.NewClient().GetAsync("/healthz");
        await using (var connection = app.Db.OpenConnection())
            await connection.ExecuteAsync("DELETE FROM schema_journal WHERE version = @v", new { v = Migrator.LatestVersion });
        app.Clock.Advance(MovieNight.Web.Operations.DatabaseHealthCheck.CacheFor); // the last answer is kept that long
        var response = await app.NewClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Data_protection_keys_and_the_database_live_in_the_data_directory()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        await app.NewClient().GetAsync("/Setup");
        Assert.True(File.Exists(app.Data.File("movienight.db")));
        Assert.NotEmpty(Directory.GetFiles(app.Data.File("keys"), "key-*.xml"));
    }
}
