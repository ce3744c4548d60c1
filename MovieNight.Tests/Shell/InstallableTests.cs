using System.Net;
using System.Text.Json;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Shell;

/// <summary>What a phone needs to add MovieNight to its home screen: the manifest, the icons, the head's links.</summary>
public sealed class InstallableTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_manifest_is_served_as_a_manifest_and_opens_the_app_full_screen_in_the_dark_theme()
    {
        var response = await app.NewClient().GetAsync("/manifest.webmanifest");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType!.MediaType);
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = manifest.RootElement;
        Assert.Equal(("MovieNight", "MovieNight", "/", "/", "standalone", "#14161c", "#14161c"),
            (root.GetProperty("name").GetString(), root.GetProperty("short_name").GetString(), root.GetProperty("start_url").GetString(),
             root.GetProperty("scope").GetString(), root.GetProperty("display").GetString(), root.GetProperty("background_color").GetString(),
             root.GetProperty("theme_color").GetString()));
        // The CSP lets the browser fetch it.
        Assert.Contains("manifest-src 'self'", string.Join("", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Every_icon_the_manifest_names_is_a_png_or_svg_of_the_size_it_claims()
    {
        var client = app.NewClient();
        using var manifest = JsonDocument.Parse(await client.GetStringAsync("/manifest.webmanifest"));
        var icons = manifest.RootElement.GetProperty("icons").EnumerateArray().ToList();
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "192x192" && i.GetProperty("purpose").GetString() == "any");
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "512x512" && i.GetProperty("purpose").GetString() == "any");
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "512x512" && i.GetProperty("purpose").GetString() == "maskable");
        foreach (var icon in icons)
        {
            var response = await client.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(icon.GetProperty("type").GetString(), response.Content.Headers.ContentType!.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (icon.GetProperty("sizes").GetString() is { } sizes && sizes != "any")
                Assert.Equal(sizes, PngSize(bytes));
        }
    }

    [Fact]
    public async Task The_apple_touch_icon_and_favicon_are_there_for_browsers_that_ask_for_them()
    {
        var client = app.NewClient();
        var apple = await client.GetAsync("/icons/apple-touch-icon.png");
        Assert.Equal("image/png", apple.Content.Headers.ContentType!.MediaType);
        Assert.Equal("180x180", PngSize(await apple.Content.ReadAsByteArrayAsync()));
        var ico = await client.GetAsync("/favicon.ico");
        Assert.Equal("image/x-icon", ico.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0, 0, 1, 0], (await ico.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal("image/svg+xml", (await client.GetAsync("/favicon.svg")).Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Every_page_links_the_manifest_icons_and_theme_colour()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var page = await app.NewClient().GetPageAsync("/");
        var head = page.Document.Head!;
        Assert.Equal("/manifest.webmanifest", head.QuerySelector("link[rel=manifest]")!.GetAttribute("href"));
        Assert.Equal("/icons/apple-touch-icon.png", head.QuerySelector("link[rel=apple-touch-icon]")!.GetAttribute("href"));
        Assert.NotNull(head.QuerySelector("link[rel=icon][type='image/svg+xml']"));
        Assert.Equal("#14161c", head.QuerySelector("meta[name=theme-color]")!.GetAttribute("content"));
    }

    /// <summary>"192x192" from a PNG's IHDR chunk (width and height, big-endian, at bytes 16 and 20).</summary>
    private static string PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        var height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        return $"{width}x{height}";
    }
}
