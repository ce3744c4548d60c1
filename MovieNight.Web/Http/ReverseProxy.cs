using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using MovieNight.Web.Data;

namespace MovieNight.Web.Http;

/// <summary>
/// Running behind a reverse proxy: only MOVIENIGHT_TRUSTED_PROXIES may say who the client is and
/// whether it came over https (X-Forwarded-For, X-Forwarded-Proto; X-Forwarded-Host is never read),
/// and an https MOVIENIGHT_PUBLIC_URL makes every cookie Secure and sends HSTS, whatever the proxy
/// forwards.
/// </summary>
public static class ReverseProxy
{
    public static IServiceCollection AddReverseProxy(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<MovieNightOptions>>((forwarded, options) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default; here nothing is trusted unless configured.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            var (addresses, networks) = options.Value.TrustedProxyList();
            foreach (var address in addresses) forwarded.KnownProxies.Add(address);
            foreach (var network in networks) forwarded.KnownIPNetworks.Add(network);
            // Walk back through a chain of trusted proxies to the first address that is not one.
            forwarded.ForwardLimit = null;
        });
        services.AddOptions<CookiePolicyOptions>().Configure<IOptions<MovieNightOptions>>((cookies, options) =>
        {
            if (options.Value.PublicUrlIsHttps) cookies.Secure = CookieSecurePolicy.Always;
        });
        return services;
    }

    /// <summary>Goes before anything that reads the client's address or scheme, or sets a cookie.</summary>
    public static IApplicationBuilder UseReverseProxy(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<MovieNightOptions>>().Value;
        var (addresses, networks) = options.TrustedProxyList();
        if (addresses.Count + networks.Count > 0) app.UseForwardedHeaders();
        if (options.PublicUrlIsHttps)
        {
            // UseHsts() only answers requests that arrived over https, which behind a TLS-terminating proxy none do.
            const string hsts = "max-age=31536000";
            app.Use((context, next) =>
            {
                context.Response.Headers.StrictTransportSecurity = hsts;
                return next(context);
            });
        }
        app.UseCookiePolicy();
        return app;
    }

    /// <summary>
    /// A redirect target without the request's scheme and host (which a client can forge): relative
    /// to this site, or on the public URL when one is set.
    /// </summary>
    public static string SiteRelative(string target, MovieNightOptions options)
    {
        var path = Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.PathAndQuery + absolute.Fragment
            : target;
        return options.PublicUrl is { Length: > 0 } root ? root.TrimEnd('/') + path : path;
    }
}
