using System.Net;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Operations;

namespace MovieNight.Tests.Shell;

/// <summary>Smaller holes: too-large forms, output cache keys, paging overflow, the content root.</summary>
public sealed class SmallHoleTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_too_large_form_gets_a_413_page_and_a_log_line()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        var page = await client.GetPageAsync("/Admin/Settings");
        // FormOptions allows 1,024 values; a browser never sends more to this form.
        var padding = Enumerable.Range(0, 2000).ToDictionary(i => $"field{i}", i => "x");
        var answer = await client.SubmitAsync(page, page.Form("form.settings-form"), padding);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Contains("Too much at once", answer.Text);
        Assert.Contains(app.Logs, line => line.Contains("limit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Query_strings_a_page_does_not_read_share_its_cache_entry()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        await client.GetAsync("/Week?made-up=1");
        var second = await client.GetAsync("/Week?made-up=2");
        Assert.True(second.Headers.Age is not null, "a made-up query string got its own cache entry");
    }

    [Fact]
    public async Task Query_keys_a_page_reads_still_vary_its_cache_entry()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        await client.GetAsync($"/Members/{erik.Id}");
        var paged = await client.GetAsync($"/Members/{erik.Id}?skip=20");
        Assert.Null(paged.Headers.Age);
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("2147483640")]
    public async Task Paging_near_the_largest_number_shows_no_further_link(string skip)
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        var page = await client.GetPageAsync($"/Members/{erik.Id}?skip={skip}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Empty(page.Document.QuerySelectorAll("a[href*='skip=-']"));
        Assert.Null(page.Document.QuerySelector("#older-watches"));
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("99999999999")]
    public async Task A_paging_value_that_fails_to_bind_is_not_found(string skip)
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Members/{erik.Id}?skip={skip}")).StatusCode);
    }

    [Fact]
    public void The_published_app_serves_from_its_own_folder_whatever_the_working_directory()
    {
        using var published = new TempDirectory();
        Directory.CreateDirectory(published.File("wwwroot"));
        Assert.Equal(published.Path, AppFolder.ContentRoot([], published.Path, _ => null));
        // An explicit content root wins; a folder without wwwroot (`dotnet run`) keeps the host's default.
        Assert.Null(AppFolder.ContentRoot(["--contentRoot=/srv"], published.Path, _ => null));
        Assert.Null(AppFolder.ContentRoot([], published.Path, name => name == "ASPNETCORE_CONTENTROOT" ? "/srv" : null));
        using var bare = new TempDirectory();
        Assert.Null(AppFolder.ContentRoot([], bare.Path, _ => null));
    }
}
