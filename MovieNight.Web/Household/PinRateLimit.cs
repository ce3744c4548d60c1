using System.Threading.RateLimiting;

namespace MovieNight.Web.Household;

/// <summary>
/// Limits PIN submissions per client address; page views are never limited. Behind a proxy listed in
/// MOVIENIGHT_TRUSTED_PROXIES the address is the client's from X-Forwarded-For (the forwarded-headers
/// middleware runs first), else the connection's own.
/// </summary>
public static class PinRateLimit
{
    public const string Policy = "pin";

    public static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
            return RateLimitPartition.GetNoLimiter("views");
        var permits = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("PinRateLimit:PermitsPerMinute", 30);
        return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}
