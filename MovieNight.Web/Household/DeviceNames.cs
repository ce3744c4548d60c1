namespace MovieNight.Web.Household;

/// <summary>"Firefox on Android": enough of a User-Agent for a member to tell their devices apart.</summary>
public static class DeviceNames
{
    public static string FromUserAgent(string? userAgent)
    {
        var ua = userAgent ?? "";
        // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
        var browser = ua.Contains("Edg/") ? "Edge"
            : ua.Contains("OPR/") ? "Opera"
            : ua.Contains("Firefox/") ? "Firefox"
            : ua.Contains("Chrome/") || ua.Contains("Chromium/") ? "Chrome"
            : ua.Contains("Safari/") ? "Safari"
            : "A browser";
        var system = ua.Contains("Android") ? "Android"
            : ua.Contains("iPhone") ? "iPhone"
            : ua.Contains("iPad") ? "iPad"
            : ua.Contains("Windows") ? "Windows"
            : ua.Contains("Mac OS X") || ua.Contains("Macintosh") ? "Mac"
            : ua.Contains("CrOS") ? "ChromeOS"
            : ua.Contains("Linux") ? "Linux"
            : null;
        return system is null ? browser : $"{browser} on {system}";
    }
}
