namespace MovieNight.Web.Http;

/// <summary>The little of htmx's protocol the app needs (the Htmx NuGet packages are not served here).</summary>
public static class Htmx
{
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers.ContainsKey("HX-Request") && !request.Headers.ContainsKey("HX-History-Restore-Request");

    /// <summary>Tells htmx to do a full navigation, e.g. when a fragment request finds the session gone.</summary>
    public static void HtmxRedirect(this HttpResponse response, string url) => response.Headers["HX-Redirect"] = url;
}
