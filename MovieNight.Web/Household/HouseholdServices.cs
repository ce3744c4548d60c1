using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using MovieNight.Web.Data;
using MovieNight.Web.Http;

namespace MovieNight.Web.Household;

public static class HouseholdServices
{
    /// <summary>
    /// Members, PINs (peppered), setup codes, known devices and server-side sessions; signing in: the
    /// session cookie, sign-in required everywhere unless a page says otherwise, the admin policy,
    /// antiforgery for htmx, and the per-client limit on PIN attempts.
    /// </summary>
    public static IServiceCollection AddHousehold(this IServiceCollection services)
    {
        services
            .AddSingleton<PinHashes>()
            .AddSingleton<MemberSessions>()
            .AddSingleton<MemberStore>()
            .AddSingleton<KnownDevices>()
            .AddSingleton<PinSignIn>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "MovieNight.Session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = MemberSession.Lifetime;
                options.SlidingExpiration = true;
                options.LoginPath = "/";
                options.AccessDeniedPath = "/Status/403";
                options.Events.OnValidatePrincipal = MemberSession.ValidateAsync;
                // A real 403 (rendered by the status page), not a redirect that hides it.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToLogin = context =>
                {
                    // The handler builds an absolute URI from the request's Host header, which a client can forge.
                    var target = ReverseProxy.SiteRelative(context.RedirectUri, context.HttpContext.RequestServices.GetRequiredService<IOptions<MovieNightOptions>>().Value);
                    if (context.Request.IsHtmx()) context.Response.HtmxRedirect(target);
                    else context.Response.Redirect(target);
                    return Task.CompletedTask;
                };
            });
        // Every page and endpoint needs a signed-in member unless it says [AllowAnonymous] (or AllowAnonymous()).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(MemberSession.AdminPolicy, policy => policy.RequireRole(MemberSession.AdminPolicy));
        services.AddAntiforgery(options => options.HeaderName = "RequestVerificationToken");

        // A per-client limit on PIN attempts, on top of the per-profile lock-out.
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PinRateLimit.Policy, context => PinRateLimit.Partition(context));
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }
}
