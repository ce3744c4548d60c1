using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Shell;

/// <summary>
/// Behind a reverse proxy: only MOVIENIGHT_TRUSTED_PROXIES' forwarded headers count (the PIN limit
/// then counts clients, not the proxy), an https MOVIENIGHT_PUBLIC_URL makes cookies Secure and sends
/// HSTS, and no redirect is built from the request's Host header. Over real HTTP on loopback.
/// </summary>
public sealed class ReverseProxyTests
{
    private static HttpClient KestrelClient(MovieNightApp app, string forwardedFor)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = new Uri(app.ServerAddress()),
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    private static async Task<HttpStatusCode[]> WrongPinsAsync(HttpClient client, MovieNight.Web.Household.Member member, int count)
    {
        var answers = new HttpStatusCode[count];
        for (var i = 0; i < count; i++) answers[i] = (await client.SignInAsync(member, "0000")).Status;
        return answers;
    }

    [Fact]
    public async Task With_a_trusted_proxy_the_pin_limit_counts_each_client_address()
    {
        using var app = new MovieNightApp(kestrel: true).With("PinRateLimit:PermitsPerMinute", "2").With("MOVIENIGHT_TRUSTED_PROXIES", "127.0.0.1, ::1");
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        using var phone = KestrelClient(app, "203.0.113.7");
        using var laptop = KestrelClient(app, "203.0.113.8");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await WrongPinsAsync(phone, erik, 3));
        // Another client behind the same proxy still has its own attempts.
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.SignInAsync(erik, "4821")).Status);
    }

    [Fact]
    public async Task Without_trusted_proxies_forwarded_headers_are_ignored()
    {
        using var app = new MovieNightApp(kestrel: true).With("PinRateLimit:PermitsPerMinute", "2");
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        using var phone = KestrelClient(app, "203.0.113.7");
        using var forger = KestrelClient(app, "198.51.100.99");

        await WrongPinsAsync(phone, erik, 2);
        // Claiming another address buys no more attempts: the connection's own address counts.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await forger.SignInAsync(erik, "4821")).Status);
    }

    [Fact]
    public async Task An_https_public_url_makes_every_cookie_secure_and_sends_hsts_even_over_plain_http()
    {
        using var app = new MovieNightApp().With("MOVIENIGHT_PUBLIC_URL", "https://movies.example.net/");
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        // The proxy terminates TLS and talks plain http to the app; no cookie jar, as a Secure cookie is never sent back over http.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetPageAsync($"/SignIn/{erik.Id}");
        Assert.Equal("max-age=31536000", page.Response.Headers.GetValues("Strict-Transport-Security").Single());
        var antiforgery = page.Response.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        var token = page.Document.QuerySelector("form[data-pin-pad] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/SignIn/{erik.Id}")
        {
            Content = new FormUrlEncodedContent([new("Pin", "4821"), new("__RequestVerificationToken", token)]),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("MovieNight.Session="));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_public_url_cookies_are_not_forced_secure_and_no_hsts_is_sent()
    {
        using var app = new MovieNightApp();
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        var page = await app.NewClient().GetPageAsync($"/SignIn/{erik.Id}");
        Assert.False(page.Response.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", page.Response.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null, "/?ReturnUrl=%2FWeek")]
    [InlineData("https://movies.example.net", "https://movies.example.net/?ReturnUrl=%2FWeek")]
    public async Task The_sign_in_redirect_never_uses_the_requests_host_header(string? publicUrl, string expected)
    {
        using var app = new MovieNightApp(kestrel: true).With("MOVIENIGHT_PUBLIC_URL", publicUrl);
        await app.CreateMemberAsync("Erik", admin: true);
        using var client = KestrelClient(app, "203.0.113.7");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Week");
        request.Headers.Host = "evil.example.org";
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public void A_malformed_proxy_list_stops_the_app_at_start()
    {
        using var app = new MovieNightApp().With("MOVIENIGHT_TRUSTED_PROXIES", "10.0.0.0/99");
        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("MOVIENIGHT_TRUSTED_PROXIES", refused.ToString());
    }
}
