using Microsoft.AspNetCore.Authorization;
using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MovieNight.Web.Pages;

/// <summary>Shown for unhandled exceptions outside Development; the request id ties it to the log.</summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
[AllowAnonymous]
public sealed class ErrorModel : PageModel
{
    public string RequestId { get; private set; } = "";
    /// <summary>The exception handler set 413: the request or its form was over the limits.</summary>
    public bool TooLarge => Response.StatusCode == StatusCodes.Status413PayloadTooLarge;

    public void OnGet() => RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;

    public void OnPost() => OnGet();
}
