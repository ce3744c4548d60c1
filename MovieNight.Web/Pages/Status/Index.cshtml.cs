using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MovieNight.Web.Pages.Status;

/// <summary>Friendly pages for error status codes (re-executed by UseStatusCodePagesWithReExecute).
/// Re-execution keeps the method, so a refused POST renders through OnPost.</summary>
[IgnoreAntiforgeryToken]
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int code)
    {
        Code = code;
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        if (!reExecuted) Response.StatusCode = code is >= 400 and < 600 ? code : 404;
        (Heading, Message) = code switch
        {
            403 => ("Not for this profile", "This page is for the household's admins. Ask an admin if you need something changed."),
            404 => ("Nothing here", "That page doesn't exist, or the member or movie it showed was removed."),
            429 => ("Slow down", "Too many attempts from this device. Wait a minute, then try again."),
            413 => ("Too much at once", "That form sent more than MovieNight accepts, so nothing was saved. Shorten it and try again."),
            400 => ("That didn't work", "The form was out of date or incomplete. Go back, reload the page and try again."),
            _ => ("Something went wrong", "The request could not be completed. Try again in a moment."),
        };
    }

    public void OnPost(int code) => OnGet(code);
}
