using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Watched;

/// <summary>
/// A member rates their own watch 1 to 10 (half-stars out of 5). With htmx the rating is swapped in
/// place; without it the form posts here and goes back to the page it came from.
/// </summary>
public sealed class RateModel(WatchLog log, PageCache cache) : PageModel
{

    public RatingView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long watchId, string? returnUrl)
    {
        if (await log.FindAsync(watchId) is not { } watch) return NotFound();
        View = new RatingView(watch, await log.TitleAsync(watch), watch.MemberId == User.MemberId(), SafeReturnUrl(returnUrl));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long watchId, string? rating, string? returnUrl)
    {
        var (watch, refusal) = string.IsNullOrWhiteSpace(rating) ? await log.RateAsync(watchId, User.MemberId()!.Value, null)
            : int.TryParse(rating, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? await log.RateAsync(watchId, User.MemberId()!.Value, value)
            : (await log.FindAsync(watchId), new Refusal(RefusalReason.Invalid, "Choose a rating from the list."));
        if (watch is null) return NotFound();
        if (refusal is null) await cache.HouseholdChangedAsync();

        var title = await log.TitleAsync(watch);
        View = new RatingView(watch, title, watch.MemberId == User.MemberId(), SafeReturnUrl(returnUrl),
            refusal?.Message ?? (watch.Rating is { } stars ? $"Saved: {stars.Stars} out of 5." : "Rating removed."), IsError: refusal is not null);
        if (Request.IsHtmx()) return Partial("_Rating", View);
        return refusal is null ? LocalRedirect($"{View.ReturnUrl}#rating-{watch.Id}") : Page();
    }

    /// <summary>Only a path on this site, so the form cannot be used to send a member elsewhere.</summary>
    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && !returnUrl.Contains('#') ? returnUrl : $"/Members/{User.MemberId()}";
}
