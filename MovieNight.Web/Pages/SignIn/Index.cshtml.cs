using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using MovieNight.Web.Household;
using MovieNight.Web.Http;

namespace MovieNight.Web.Pages.SignIn;

/// <summary>
/// Signing in to one profile: the PIN pad; a tap for a no-PIN profile; or, for a member without a
/// PIN, choosing one with the setup code an admin gave them.
/// </summary>
[EnableRateLimiting(PinRateLimit.Policy)]
[AllowAnonymous]
public sealed class IndexModel(MemberStore members, PinSignIn pins, KnownDevices devices, TimeProvider time) : PageModel
{
    public Member Member { get; private set; } = null!;
    public DateTimeOffset? LockedUntil { get; private set; }
    public string? LockMessage { get; private set; }

    [BindProperty] public string? Pin { get; set; }
    [BindProperty] public string? ConfirmPin { get; set; }
    /// <summary>The setup code; the QR code's link fills it in.</summary>
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await LoadAsync(id) is { } notFound) return notFound;
        // An imported admin without a PIN is set up on the setup page (trust on first use), nowhere else.
        if (!Member.HasPin && !Member.NoPin && (await members.UnclaimedAdminAsync())?.Id == id) return RedirectToPage("/Setup/Index");
        if (await devices.RecognizeAsync(HttpContext, id) is null && await pins.LockedUntilAsync(id) is { } until) ShowLock(until);
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
        var device = await devices.RecognizeAsync(HttpContext, id);
        switch (await pins.CheckAsync(id, Pin!, device))
        {
            case PinCheck.Accepted accepted:
                await devices.RememberAsync(HttpContext, id, device);
                return await SignInAsync(accepted.Member);
            case PinCheck.WrongPin { KnownDevice: true, AttemptsLeft: 0 }:
                ModelState.AddModelError(nameof(Pin), "Wrong PIN. This device is no longer remembered for this profile, so the profile's lock now applies to it.");
                return Page();
            case PinCheck.WrongPin { KnownDevice: true } wrong:
                ModelState.AddModelError(nameof(Pin), $"Wrong PIN. {wrong.AttemptsLeft} attempts left on this device.");
                return Page();
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

    /// <summary>A member without a PIN chooses one with their setup code, and is signed in.</summary>
    public async Task<IActionResult> OnPostChooseAsync(long id)
    {
        if (await LoadAsync(id) is { } notFound) return notFound;
        if (Member.HasPin || Member.NoPin) return RedirectToPage(new { id });
        if (string.IsNullOrWhiteSpace(Code)) ModelState.AddModelError(nameof(Code), "Enter the setup code an admin gave you.");
        if (MemberRules.CheckPin(Pin) is { } invalid) ModelState.AddModelError(nameof(Pin), invalid);
        else if (Pin != ConfirmPin) ModelState.AddModelError(nameof(ConfirmPin), "The two PINs differ. Type the same PIN twice.");
        if (!ModelState.IsValid) return Page();

        switch (await pins.ChoosePinAsync(id, Code, Pin!))
        {
            case PinCheck.Accepted accepted:
                await devices.RememberAsync(HttpContext, id, null);
                return await SignInAsync(accepted.Member);
            case PinCheck.WrongSetupCode wrong:
                ModelState.AddModelError(nameof(Code), wrong.AttemptsLeft > 0
                    ? $"That setup code is not right, or it was used or has expired. {wrong.AttemptsLeft} attempts left before this profile locks. An admin can make a new code."
                    : "That setup code is not right, or it was used or has expired. An admin can make a new code.");
                return Page();
            case PinCheck.LockedOut locked:
                ShowLock(locked.Until);
                return Page();
            default:
                return RedirectToPage(new { id });
        }
    }

    /// <summary>A no-PIN profile (a child's) signs in with a tap; a POST, so no other site can sign anyone in.</summary>
    public async Task<IActionResult> OnPostTapAsync(long id)
    {
        if (await LoadAsync(id) is { } notFound) return notFound;
        if (!Member.NoPin) return RedirectToPage(new { id });
        return await SignInAsync(Member);
    }

    private async Task<IActionResult> SignInAsync(Member member)
    {
        await MemberSession.SignInAsync(HttpContext, member);
        var wrongPins = await pins.TakeWrongPinCountAsync(member.Id);
        if (wrongPins > 0)
            this.Tell(wrongPins == 1
                ? "1 wrong PIN was tried on your profile since you last signed in."
                : $"{wrongPins} wrong PINs were tried on your profile since you last signed in.");
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
