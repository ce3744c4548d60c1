using Microsoft.Extensions.Options;
using MovieNight.Web.Jobs;
using MovieNight.Web.Tmdb;

namespace MovieNight.Web.Http;

/// <summary>
/// Security headers on every response. The CSP allows only the app's own scripts and styles (no
/// inline script or style), the poster image host, and no framing; the admins' jobs dashboard
/// (Hangfire's markup, not ours) gets only the little more it needs.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // Posters come from wherever Tmdb__ImageBaseUrl points (TMDB's image host by default).
        var images = new Uri(app.ApplicationServices.GetRequiredService<IOptions<TmdbOptions>>().Value.ImageBaseUrl).GetLeftPart(UriPartial.Authority);
        var contentSecurityPolicy =
            $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: {images}; " +
            "connect-src 'self'; font-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        var jobsDashboardPolicy = JobsDashboard.ContentSecurityPolicy(contentSecurityPolicy);
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(JobsDashboard.Path, StringComparison.OrdinalIgnoreCase)
                ? jobsDashboardPolicy : contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // Pages differ between a full load and an htmx fragment request.
            headers.Vary = "HX-Request";
            return next(context);
        });
    }
}
