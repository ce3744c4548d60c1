using MovieNight.Migrations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Trakt;
using MovieNight.Web.Http;

namespace MovieNight.Web.Pages.Admin.Trakt;

/// <summary>
/// The household's Trakt app: its client id and secret (sealed in the database; the environment's
/// TRAKT_CLIENT_ID / TRAKT_CLIENT_SECRET win), the redirect URI to register, and where the key that
/// encrypts every Trakt token lives. The secret is never shown again once saved.
/// </summary>
public sealed class IndexModel(TraktCredentials credentials, TraktLinking linking, TokenVault vault, TraktSyncSchedule syncs, TraktTokenStore links)
    : PageModel
{
    [BindProperty] public string? ClientId { get; set; }
    [BindProperty] public string? ClientSecret { get; set; }

    public TraktApp? App { get; private set; }
    public bool SetByEnvironment => credentials.SetByEnvironment;
    public string RedirectUri => linking.RedirectUri(Request);
    public string? KeyFile => vault.Key.FilePath;
    public string? Notice { get; private set; }
    [BindProperty] public string? SyncIntervalHours { get; set; }
    public int IntervalInForce { get; private set; }

    public async Task OnGetAsync()
    {
        Notice = this.TakeNotice();
        App = await credentials.GetAsync();
        ClientId = App?.ClientId;
        IntervalInForce = await syncs.IntervalHoursAsync();
    }

    /// <summary>How often every linked member's sync runs.</summary>
    public async Task<IActionResult> OnPostIntervalAsync()
    {
        if (!int.TryParse(SyncIntervalHours, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hours)
            || !await syncs.SetIntervalAsync(hours, (await links.ListLinkedAsync()).Select(l => l.MemberId)))
        {
            ModelState.AddModelError(nameof(SyncIntervalHours), "Choose how often to sync from the list.");
            await OnGetAsync();
            return Page();
        }
        this.Tell(hours == 24 ? "Members' Trakt syncs now run once a day." : $"Members' Trakt syncs now run every {hours} hour{(hours == 1 ? "" : "s")}.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (SetByEnvironment) return RedirectToPage();
        var id = ClientId?.Trim();
        var secret = ClientSecret?.Trim();
        if (string.IsNullOrEmpty(id) != string.IsNullOrEmpty(secret))
            ModelState.AddModelError(string.IsNullOrEmpty(id) ? nameof(ClientId) : nameof(ClientSecret),
                "Enter both the client id and the client secret (or leave both empty to remove them).");
        else if (id is { Length: > 200 } || secret is { Length: > 200 } || id?.Any(char.IsWhiteSpace) == true || secret?.Any(char.IsWhiteSpace) == true)
            ModelState.AddModelError(nameof(ClientId), "That does not look like a Trakt client id and secret (64 letters and digits each).");
        if (!ModelState.IsValid)
        {
            App = await credentials.GetAsync();
            IntervalInForce = await syncs.IntervalHoursAsync();
            return Page();
        }
        await credentials.SaveAsync(id, secret);
        this.Tell(string.IsNullOrEmpty(id) ? "The Trakt app's credentials are removed." : "The Trakt app's credentials are saved (the secret encrypted).");
        return RedirectToPage();
    }
}
