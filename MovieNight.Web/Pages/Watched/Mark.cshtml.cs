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
public sealed class MarkModel(WatchLog watches, TraktHistorySync traktHistory, TraktTokens tokens, HouseholdSettings settings,
    PageCache cache, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public long TmdbId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Title { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public string? WatchedAt { get; set; }
    [BindProperty] public string? Rating { get; set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public string Now { get; private set; } = "";

    private long Me => User.MemberId()!.Value;

    public async Task<IActionResult> OnGetAsync()
    {
        if (TmdbId <= 0 || string.IsNullOrWhiteSpace(Title)) return NotFound();
        await DescribeAsync();
        WatchedAt = Now;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (TmdbId <= 0 || string.IsNullOrWhiteSpace(Title)) return NotFound();
        await DescribeAsync();
        int? rating = null;
        if (!string.IsNullOrEmpty(Rating))
        {
            if (int.TryParse(Rating, out var value)) rating = value;
            else ModelState.AddModelError(nameof(Rating), "Choose a rating from the list, or none.");
        }
        if (!WatchTimes.TryParseInput(WatchedAt, out var wallClock))
            ModelState.AddModelError(nameof(WatchedAt), "Enter when you watched it, such as 2026-11-27 20:30.");
        if (!ModelState.IsValid) return Page();

        var at = new DateTimeOffset(wallClock, Zone.GetUtcOffset(wallClock));
        var (_, refusal) = await watches.MarkAsync(Me, TmdbId, Title!.Trim(), Year, at, rating);
        if (refusal is not null)
        {
            ModelState.AddModelError(nameof(WatchedAt), refusal.Message);
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

    private async Task DescribeAsync()
    {
        Zone = (await settings.ClockAsync()).Zone;
        Now = WatchTimes.ForInput(time.GetUtcNow(), Zone);
    }
}
