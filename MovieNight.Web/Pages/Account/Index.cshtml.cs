using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;

namespace MovieNight.Web.Pages.Account;

/// <summary>A member's own profile: their icon and PIN, and signing out.</summary>
public sealed class IndexModel(MemberStore members, PinSignIn pins, TimeProvider time) : PageModel
{
    public Member Me { get; private set; } = null!;
    public string? Saved { get; private set; }

    [BindProperty] public string? Icon { get; set; }
    [BindProperty] public string? CustomIcon { get; set; }
    [BindProperty] public string? CurrentPin { get; set; }
    [BindProperty] public string? NewPin { get; set; }
    [BindProperty] public string? ConfirmPin { get; set; }

    public async Task<IActionResult> OnGetAsync(string? saved)
    {
        Me = (await members.FindAsync(User.MemberId()!.Value))!;
        Saved = saved switch { "icon" => "Your icon is saved.", "pin" => "Your new PIN is saved.", _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostIconAsync()
    {
        Me = (await members.FindAsync(User.MemberId()!.Value))!;
        var icon = MemberRules.ChosenIcon(Icon, CustomIcon);
        if (MemberRules.CheckIcon(icon) is { } bad)
        {
            ModelState.AddModelError(nameof(Icon), bad);
            return Page();
        }
        await members.UpdateIconAsync(Me.Id, icon);
        return RedirectToPage(new { saved = "icon" });
    }

    public async Task<IActionResult> OnPostPinAsync()
    {
        Me = (await members.FindAsync(User.MemberId()!.Value))!;
        if (MemberRules.CheckPin(NewPin) is { } bad) ModelState.AddModelError(nameof(NewPin), $"New PIN: {bad}");
        else if (NewPin != ConfirmPin) ModelState.AddModelError(nameof(ConfirmPin), "The two new PINs differ. Type the same PIN twice.");
        if (!ModelState.IsValid) return Page();

        // The current PIN goes through the same lock-out as signing in.
        switch (await pins.CheckAsync(Me.Id, CurrentPin ?? ""))
        {
            case PinCheck.Accepted or PinCheck.NoPinYet:
                break;
            case PinCheck.WrongPin wrong:
                ModelState.AddModelError(nameof(CurrentPin), $"Your current PIN is not right ({wrong.AttemptsLeft} attempts left).");
                return Page();
            case PinCheck.LockedOut locked:
                ModelState.AddModelError(nameof(CurrentPin),
                    $"Too many wrong PINs: your profile is locked. Try again in {Durations.Describe(locked.Until - time.GetUtcNow())}.");
                return Page();
            default:
                return Forbid();
        }
        await members.SetPinAsync(Me.Id, NewPin);
        // The new security stamp ends other sessions; this one continues with a fresh cookie.
        await MemberSession.SignInAsync(HttpContext, (await members.FindAsync(Me.Id))!);
        return RedirectToPage(new { saved = "pin" });
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/");
    }
}
