using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace MovieNight.Web.Http;

/// <summary>
/// What a write did, carried across its redirect in TempData (a protected cookie) rather than the
/// query string, so a link from elsewhere cannot put words on a member's page.
/// </summary>
public static class PageNotice
{
    private const string Key = "notice";

    /// <summary>Shown once, by the next page this device loads.</summary>
    public static void Tell(this PageModel page, string notice) => page.TempData[Key] = notice;

    /// <summary>The same from an endpoint that is not a page (it redirects to one).</summary>
    public static void Tell(HttpContext http, string notice)
    {
        var tempData = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataDictionaryFactory>().GetTempData(http);
        tempData[Key] = notice;
        tempData.Save();
    }

    /// <summary>
    /// The notice left by the last write, if any. Taking it removes it, and whatever else the write left for
    /// the next page (the fields of a refused form, where a message belongs): it was all for this page load,
    /// and left over it would keep the device off the page cache and turn up later beside something else.
    /// </summary>
    public static string? TakeNotice(this PageModel page)
    {
        // Touching TempData without its cookie would still answer with a cookie deletion, and a page
        // that sets a cookie is never cached.
        if (!IsWaiting(page.HttpContext)) return null;
        var notice = page.TempData[Key] as string;
        foreach (var key in page.TempData.Keys.ToList()) _ = page.TempData[key];
        return notice;
    }

    /// <summary>Whether this request carries TempData, such as a notice not yet shown.</summary>
    public static bool IsWaiting(HttpContext http) =>
        http.Request.Cookies.ContainsKey(http.RequestServices.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.Name!);
}
