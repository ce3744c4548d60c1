using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using MovieNight.Web.Household;

namespace MovieNight.Web.Pages.SignIn;

/// <summary>The PIN pad for one profile, or choosing a first PIN for a member who has none.</summary>
[EnableRateLimiting(PinRateLimit.Policy)]
[AllowAnonymous]
public sealed class IndexModel(MemberStore members, PinSignIn pins, TimeProvider time) : PageModel
{
    public Member Member { get; private set; } = null!;
    public DateTimeOffset? LockedUntil { get; private set; }
    public string? LockMessage { get; private set; }

    [BindProperty] public string? Pin { get; set; }
    [BindProperty] public string? ConfirmPin { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await LoadAsync(id) is { } notFound) return notFound;
        if (await pins.LockedUntilAsync(id) is { } until) ShowLock(until);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (await LoadAsync(id) is { } notFound) return notFound;
        if (MemberRules.CheckPin(Pin) is { } invalid)
        {
            ModelState.AddModelError(nameof(Pin), invalid);
            return Page();
        }
        switch (await pins.CheckAsync(id, Pin!))
        {
            case PinCheck.Accepted accepted:
                await MemberSession.SignInAsync(HttpContext, accepted.Member);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case PinCheck.WrongPin wrong:
                ModelState.AddModelError(nameof(Pin), wrong.AttemptsLeft == 1
                    ? "Wrong PIN. One more wrong PIN locks this profile for a while."
                    : $"Wrong PIN. {wrong.AttemptsLeft} attempts left before this profile locks.");
                return Page();
            case PinCheck.LockedOut locked:
                ShowLock(locked.Until);
                return Page();
            case PinCheck.NoPinYet:
                return RedirectToPage(new { id });
            default:
                return NotFound();
        }
    }

    /// <summary>A member without a PIN (imported, or reset by an admin) chooses one and is signed in.</summary>
    public async Task<IActionResult> OnPostChooseAsync(long id)
    {
        if (await LoadAsync(id) is { } notFound) return notFound;
        if (Member.HasPin) return RedirectToPage(new { id });
        if (MemberRules.CheckPin(Pin) is { } invalid) ModelState.AddModelError(nameof(Pin), invalid);
        else if (Pin != ConfirmPin) ModelState.AddModelError(nameof(ConfirmPin), "The two PINs differ. Type the same PIN twice.");
        if (!ModelState.IsValid) return Page();

        if (!await members.SetFirstPinAsync(id, Pin!)) return RedirectToPage(new { id });
        await MemberSession.SignInAsync(HttpContext, (await members.FindAsync(id))!);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    private async Task<IActionResult?> LoadAsync(long id)
    {
        var member = await members.FindAsync(id);
        if (member is not { IsActive: true }) return NotFound();
        Member = member;
        return null;
    }

    private void ShowLock(DateTimeOffset until)
    {
        LockedUntil = until;
        LockMessage = $"Too many wrong PINs: {Member.Name}'s profile is locked. Try again in {Durations.Describe(until - time.GetUtcNow())}.";
    }
}
