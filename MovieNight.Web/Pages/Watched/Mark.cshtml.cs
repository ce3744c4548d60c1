using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Trakt;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Watched;

/// <summary>
/// "I watched this" for any movie a card shows: when (now by default) and, if the member likes, a
/// rating. The watch waits for the member's next Trakt sync. Also removes one of the member's own
/// watches, at Trakt first when Trakt has it, so the two never disagree.
/// </summary>
public sealed class MarkModel(WatchLog watches, TraktHistorySync traktHistory, TraktTokens tokens, HouseholdTime when,
    PageCache cache, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public long TmdbId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Title { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public string? WatchedOn { get; set; }
    [BindProperty] public string? WatchedTime { get; set; }
    [BindProperty] public string? Rating { get; set; }

    /// <summary>A year of days to choose from: "I watched this" is for any movie, not only this week's.</summary>
    public WatchTimeField WatchTime => WatchTimeField.For(when, time.GetUtcNow(), recentDays: 366, from: null, WatchedOn, WatchedTime);

    private long Me => User.MemberId()!.Value;

    public IActionResult OnGet()
    {
        if (TmdbId <= 0 || string.IsNullOrWhiteSpace(Title)) return NotFound();
        (WatchedOn, WatchedTime) = WatchTimeField.ValuesOf(time.GetUtcNow(), when);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (TmdbId <= 0 || string.IsNullOrWhiteSpace(Title)) return NotFound();
        int? rating = null;
        if (!string.IsNullOrEmpty(Rating))
        {
            if (int.TryParse(Rating, out var value)) rating = value;
            else ModelState.AddModelError(nameof(Rating), "Choose a rating from the list, or none.");
        }
        if (!WatchTimeField.TryParse(WatchedOn, WatchedTime, out var wallClock))
            ModelState.AddModelError("WatchedAt", "Choose the day and the time you watched it.");
        if (!ModelState.IsValid) return Page();

        var at = when.ToInstant(wallClock);
        var (_, refusal) = await watches.MarkAsync(Me, TmdbId, Title!.Trim(), Year, at, rating);
        if (refusal is not null)
        {
            ModelState.AddModelError("WatchedAt", refusal.Message);
            return Page();
        }
        await cache.HouseholdChangedAsync();
        var linked = await tokens.CurrentLinkAsync(Me) is { NeedsRelink: false };
        this.Tell($"{Title} is in your movies{(linked ? "; it goes to Trakt with your next sync" : "")}.");
        return Redirect($"/Members/{Me}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long watchId)
    {
        var removedAtTrakt = await traktHistory.RemovePlayAsync(Me, watchId);
        if (!removedAtTrakt.Succeeded && removedAtTrakt.Problem.Kind is not TraktProblemKind.NotLinked and not TraktProblemKind.NotConfigured)
        {
            this.Tell($"The watch stays for now: it is on Trakt too, and removing it there did not work. {removedAtTrakt.Problem.Message}");
            return Redirect($"/Members/{Me}");
        }
        var removed = await watches.RemoveAsync(watchId, Me);
        if (removed) await cache.HouseholdChangedAsync();
        this.Tell(removed ? "The watch is removed" + (removedAtTrakt.Value ? ", here and on Trakt." : ".") : "That watch is not one of yours, or it was already removed.");
        return Redirect($"/Members/{Me}");
    }
}
