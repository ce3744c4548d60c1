using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace MovieNight.Web.Http;

/// <summary>
/// Caches a signed-in member's GET of a hot page (the built-in policy never caches signed-in
/// requests). Entries vary by member, by the device's antiforgery cookie (the page embeds a token
/// for it) and by htmx fragment requests; they carry <see cref="PageCache.Tag"/> for eviction.
/// A response that sets a cookie is never stored, nor one that shows a write's notice. Pages
/// list the query keys they read; any other query string is ignored by the key.
/// </summary>
public sealed class MemberPagePolicy : IOutputCachePolicy
{
    public const string Name = "member-page";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var antiforgery = http.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>();
        var member = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        // A request carrying TempData (a notice after a write) is rendered for itself: the notice shows once.
        var cacheable = member is not null && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && !PageNotice.IsWaiting(http);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan ??= Lifetime;
        context.Tags.Add(PageCache.Tag);
        // No query keys here: each page names the ones it reads ([OutputCache(VaryByQueryKeys = ...)]), so
        // made-up query strings share one entry instead of each growing the cache.
        context.CacheVaryByRules.HeaderNames = new("HX-Request");
        context.CacheVaryByRules.VaryByValues["member"] = member ?? "";
        context.CacheVaryByRules.VaryByValues["device"] = http.Request.Cookies[antiforgery.Value.Cookie.Name!] ?? "";
        context.CacheVaryByRules.VaryByValues["generation"] = http.RequestServices.GetRequiredService<PageCache>().Generation.ToString();
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }

    /// <summary>A response that must not be stored (say, one showing a passing TMDB outage).</summary>
    public static void DoNotStore(HttpContext http)
    {
        if (http.Features.Get<IOutputCacheFeature>() is { } feature) feature.Context.AllowCacheStorage = false;
    }

    /// <summary>A page whose content changes at a known time (a phase change) is not cached past it.</summary>
    public static void ExpireBy(HttpContext http, DateTimeOffset? change, DateTimeOffset now)
    {
        if (change is null || http.Features.Get<IOutputCacheFeature>() is not { } feature) return;
        var left = change.Value - now;
        feature.Context.ResponseExpirationTimeSpan = left < Lifetime ? (left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1)) : Lifetime;
    }
}
