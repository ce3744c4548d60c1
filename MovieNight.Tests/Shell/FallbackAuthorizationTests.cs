using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Shell;

/// <summary>Every page and endpoint needs sign-in unless it is marked public, so a new folder cannot be forgotten.</summary>
public sealed class FallbackAuthorizationTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    // Razor Pages also answers each Index page at ".../Index".
    private static readonly string[] PublicRoutes =
    [
        "", "Index", "Error", "SignIn/{id:long}", "SignIn/Index/{id:long}", "Setup", "Setup/Index", "Status/{code:int}", "Status/Index/{code:int}",
        "healthz",
        // The Trakt API answers 401 itself: it takes a signed-in member or a personal access token (ApiCaller).
        "api/trakt/status/{member}", "api/trakt/sync/{member}", "api/trakt/sync", "api/trakt/disconnect",
    ];

    [Fact]
    public void Anything_not_marked_public_requires_a_signed_in_member()
    {
        var fallback = app.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.FallbackPolicy;
        Assert.NotNull(fallback);
        Assert.Contains(fallback!.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var open = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText!.Trim('/')).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(PublicRoutes.Order(StringComparer.Ordinal), open, StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("/Week")]
    [InlineData("/History")]
    [InlineData("/Account")]
    [InlineData("/Trakt")]
    [InlineData("/Members/1")]
    [InlineData("/Admin/Backups")]
    [InlineData("/auth/trakt/login")]
    public async Task A_visitor_is_sent_to_sign_in(string path)
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var response = await app.NewClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/?ReturnUrl=", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Setup")]
    [InlineData("/Status/404")]
    [InlineData("/healthz")]
    [InlineData("/css/site.css")]
    public async Task Public_pages_need_no_sign_in(string path)
    {
        var response = await app.NewClient().GetAsync(path);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        Assert.DoesNotContain("ReturnUrl", response.Headers.Location?.OriginalString ?? "");
    }
}
