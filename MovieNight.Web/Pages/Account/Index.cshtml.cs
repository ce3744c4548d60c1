using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Account;

/// <summary>A member's own profile: their icon and PIN, the devices signed in to it, and signing out.</summary>
public sealed class IndexModel(MemberStore members, PinSignIn pins, KnownDevices devices, MemberSessions sessions, TimeProvider time) : PageModel
{
    public Member Me { get; private set; } = null!;
    public string? Saved { get; private set; }
    public IReadOnlyList<SessionInfo> Devices { get; private set; } = [];
    public string? ThisSession => User.SessionId();
    public DateTimeOffset Now => time.GetUtcNow();

    [BindProperty] public string? Icon { get; set; }
    [BindProperty] public string? CustomIcon { get; set; }
    [BindProperty] public string? CurrentPin { get; set; }
    [BindProperty] public string? NewPin { get; set; }
    [BindProperty] public string? ConfirmPin { get; set; }
    /// <summary>The icon a refused form chose, shown again so the member can correct it.</summary>
    public string? ChosenIcon { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? saved)
    {
        await LoadAsync();
        Saved = saved switch { "icon" => "Your icon is saved.", "pin" => "Your new PIN is saved.", _ => this.TakeNotice() };
        return Page();
    }

    public async Task<IActionResult> OnPostIconAsync()
    {
        await LoadAsync();
        var icon = MemberRules.ChosenIcon(Icon, CustomIcon);
        if (MemberRules.CheckIcon(icon) is { } bad)
        {
            ChosenIcon = icon;
            ModelState.AddModelError(nameof(Icon), bad);
            return Page();
        }
        await members.UpdateIconAsync(Me.Id, icon);
        return RedirectToPage(new { saved = "icon" });
    }

    public async Task<IActionResult> OnPostPinAsync()
    {
        await LoadAsync();
        // A no-PIN profile is shared by the household (a child's): only an admin gives it a PIN.
        if (Me.NoPin) return BadRequest();
        if (MemberRules.CheckPin(NewPin) is { } bad) ModelState.AddModelError(nameof(NewPin), $"New PIN: {bad}");
        else if (NewPin != ConfirmPin) ModelState.AddModelError(nameof(ConfirmPin), "The two new PINs differ. Type the same PIN twice.");
        if (!ModelState.IsValid) return Page();

        // The current PIN goes through the same lock-out as signing in (this device's own count when it is known).
        var device = await devices.RecognizeAsync(HttpContext, Me.Id);
        switch (await pins.CheckAsync(Me.Id, CurrentPin ?? "", device))
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
        // Every other session ends; this one continues with a cookie carrying the new stamp.
        await members.SetPinAsync(Me.Id, NewPin, keepSession: ThisSession);
        await MemberSession.RenewAsync(HttpContext, (await members.FindAsync(Me.Id))!, ThisSession!);
        return RedirectToPage(new { saved = "pin" });
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await MemberSession.SignOutAsync(HttpContext);
        return Redirect("/");
    }

    /// <summary>Signs one of the member's devices out (this one too, if chosen).</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(string? session)
    {
        if (string.IsNullOrEmpty(session)) return BadRequest();
        if (session == ThisSession)
        {
            await MemberSession.SignOutAsync(HttpContext);
            if (!Request.IsHtmx()) return Redirect("/");
            Response.HtmxRedirect("/");
            return new EmptyResult();
        }
        await sessions.EndAsync(User.MemberId()!.Value, session);
        // htmx swaps the row for nothing: the device is gone from the list.
        if (Request.IsHtmx()) return Content("", "text/html");
        this.Tell("That device is signed out.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        await sessions.EndAllAsync(User.MemberId()!.Value);
        await MemberSession.SignOutAsync(HttpContext);
        return Redirect("/");
    }

    private async Task LoadAsync()
    {
        Me = (await members.FindAsync(User.MemberId()!.Value))!;
        Devices = await sessions.ListAsync(Me.Id);
    }
}
