using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Trakt;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Trakt;

/// <summary>
/// A member's Trakt settings: not configured (what to set up), not linked (what will sync, two ways
/// to link), linking by device code (the code, a QR code, polled at Trakt's interval), linked
/// (who, since when, token expiry) and re-link needed (why).
/// </summary>
public sealed class IndexModel(TraktCredentials credentials, TraktTokens tokens, TraktLinking linking, HouseholdTime when,
    TraktSyncRuns runs, TraktSyncSchedule syncs, TimeProvider time) : PageModel
{
    public bool Configured { get; private set; }
    public bool IsAdmin => User.IsInRole(MemberSession.AdminPolicy);
    public string RedirectUri { get; private set; } = "";
    public TraktLink? Link { get; private set; }
    public PendingDeviceCode? Device { get; private set; }
    /// <summary>Why the device code flow ended, or what went wrong asking Trakt.</summary>
    public string? DeviceMessage { get; private set; }
    public string? Notice { get; private set; }
    /// <summary>A moment as every page writes it, in the household's language and zone.</summary>
    public string Describe(DateTimeOffset instant) => when.DayAndTime(instant);

    /// <summary>"just now", "5 minutes ago", "2 hours ago", "3 days ago".</summary>
    public string Ago(DateTimeOffset instant)
    {
        var age = Now - instant;
        static string Of(int n, string unit) => $"{n} {unit}{(n == 1 ? "" : "s")} ago";
        return age.TotalMinutes < 1 ? "just now" : age.TotalHours < 1 ? Of((int)age.TotalMinutes, "minute")
            : age.TotalDays < 1 ? Of((int)age.TotalHours, "hour") : Of((int)age.TotalDays, "day");
    }

    /// <summary>The member's newest sync run, and the newest that (partly) completed.</summary>
    public SyncRun? LatestRun { get; private set; }
    public SyncRun? LastSynced { get; private set; }
    public SyncCounts Counts { get; private set; } = new(0, 0, 0, 0, 0);
    public IReadOnlyList<(string Title, string Note)> UnknownToTrakt { get; private set; } = [];
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>A run this long is "taking longer than expected" (a first import of years of history can).</summary>
    public static readonly TimeSpan LongRun = TimeSpan.FromMinutes(2);

    private long Me => User.MemberId()!.Value;

    public async Task<IActionResult> OnPostSyncNowAsync()
    {
        var started = await syncs.StartNowAsync(Me, "now") is not null;
        if (!Request.IsHtmx())
        {
            if (!started) this.Tell("A sync is already running; it carries on below.");
            return RedirectToPage();
        }
        // With htmx the answer is the running sync itself; a notice left in TempData would turn up on a later page.
        await LoadAsync();
        return Partial("_SyncStatus", this);
    }

    /// <summary>htmx polls this every 2 seconds while a sync runs.</summary>
    public async Task<IActionResult> OnGetSyncStatusAsync()
    {
        await LoadAsync();
        if (!Request.IsHtmx()) return Page();
        // The sync found the link dead (or it was unlinked elsewhere): the whole page changes state.
        if (Link is not { NeedsRelink: false })
        {
            Response.Headers["HX-Refresh"] = "true";
            return new EmptyResult();
        }
        return Partial("_SyncStatus", this);
    }

    public async Task<IActionResult> OnPostSyncCancelAsync()
    {
        await runs.RequestCancelAsync(Me);
        if (!Request.IsHtmx()) return RedirectToPage();
        await LoadAsync();
        return Partial("_SyncStatus", this);
    }

    public async Task OnGetAsync()
    {
        Notice = this.TakeNotice();
        await LoadAsync();
        Device = Link is { NeedsRelink: false } ? null : await linking.PendingDeviceCodeAsync(Me);
    }

    public async Task<IActionResult> OnPostDeviceStartAsync()
    {
        var started = await linking.StartDeviceCodeAsync(Me);
        if (!started.Succeeded) this.Tell(started.Problem.Message);
        return RedirectToPage();
    }

    /// <summary>htmx polls this at Trakt's interval while the member enters the code.</summary>
    public async Task<IActionResult> OnGetDevicePollAsync()
    {
        var progress = await linking.PollDeviceCodeAsync(Me);
        if (progress.Status == DevicePoll.Linked)
        {
            this.Tell(progress.Message ?? "Trakt linked.");
            if (Request.IsHtmx())
            {
                Response.HtmxRedirect(Url.Page("/Trakt/Index")!);
                return new EmptyResult();
            }
            return RedirectToPage();
        }
        await LoadAsync();
        Device = progress.Pending;
        DeviceMessage = progress.Message;
        if (!Request.IsHtmx()) return Page();
        if (Device is not null) return Partial("_DeviceStatus", this);
        // Linking by code ended (expired, declined, ...): the whole card says so, and polling stops with it.
        Response.Headers["HX-Retarget"] = "#device-code";
        Response.Headers["HX-Reswap"] = "outerHTML";
        return Partial("_DeviceCode", this);
    }

    public async Task<IActionResult> OnPostDeviceCancelAsync()
    {
        await linking.CancelDeviceCodeAsync(Me);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Configured = await credentials.GetAsync() is not null;
        RedirectUri = linking.RedirectUri(Request);
        Link = await tokens.CurrentLinkAsync(Me);
        if (Link is { NeedsRelink: false })
        {
            (LatestRun, LastSynced) = await runs.LatestAsync(Me);
            Counts = await runs.CountsAsync(Me);
            UnknownToTrakt = await runs.NotFoundAsync(Me);
        }
    }
}
