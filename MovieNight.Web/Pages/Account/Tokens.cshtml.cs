using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.AccessTokens;
using MovieNight.Web.Household;
using MovieNight.Web.Http;

namespace MovieNight.Web.Pages.Account;

/// <summary>A member's personal access tokens for other apps: make one (shown once), see when each was last used, revoke.</summary>
public sealed class TokensModel(AccessTokenStore tokens) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    public IReadOnlyList<AccessTokenInfo> Tokens { get; private set; } = [];
    /// <summary>The token just made: shown on this response only, never stored in the clear.</summary>
    public string? NewToken { get; private set; }
    public string? Notice { get; private set; }

    private long Me => User.MemberId()!.Value;

    public async Task OnGetAsync()
    {
        Notice = this.TakeNotice();
        Tokens = await tokens.ListAsync(Me);
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var name = Name?.Trim() ?? "";
        if (name.Length is 0 or > AccessTokenStore.MaxNameLength)
            ModelState.AddModelError(nameof(Name), $"Name the app the token is for, in 1 to {AccessTokenStore.MaxNameLength} characters.");
        if (ModelState.IsValid)
        {
            NewToken = await tokens.CreateAsync(Me, name);
            Name = null;
        }
        // Rendered, not redirected: the token is shown this once. The page must not be cached anywhere.
        Response.Headers.CacheControl = "no-store";
        Tokens = await tokens.ListAsync(Me);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id)
    {
        this.Tell(await tokens.RevokeAsync(Me, id) ? "The token is revoked; apps using it are signed out." : "That token was already revoked.");
        return RedirectToPage();
    }
}
