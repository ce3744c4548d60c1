using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;

namespace MovieNight.Web.Pages.Admin.Members;

/// <summary>An admin edits one member's name and icon, resets their PIN, or makes it a no-PIN profile.</summary>
public sealed class EditModel(MemberStore members, KnownDevices devices, TimeProvider time) : PageModel
{
    public Member Member { get; private set; } = null!;
    public string? Saved { get; private set; }
    /// <summary>The setup code made by clearing the PIN: shown in this answer only.</summary>
    public SetupCodeCard? SetupCode { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Icon { get; set; }
    [BindProperty] public string? CustomIcon { get; set; }
    [BindProperty] public string? NewPin { get; set; }
    /// <summary>The icon a refused form chose, shown again so the admin can correct it.</summary>
    public string? ChosenIcon { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? saved)
    {
        if (await members.FindAsync(id) is not { } member) return NotFound();
        Member = member;
        Name = member.Name;
        Saved = saved switch
        {
            "profile" => "Saved.",
            "pin-set" => $"{member.Name}'s PIN is changed. Tell them the new PIN.",
            "no-pin" => $"{member.Name} now signs in with a tap, without a PIN.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (await members.FindAsync(id) is not { } member) return NotFound();
        Member = member;
        var icon = MemberRules.ChosenIcon(Icon, CustomIcon);
        if (MemberRules.CheckName(Name) is { } badName) ModelState.AddModelError(nameof(Name), badName);
        if (MemberRules.CheckIcon(icon) is { } badIcon) ModelState.AddModelError(nameof(Icon), badIcon);
        ChosenIcon = icon;
        if (ModelState.IsValid && !await members.UpdateProfileAsync(id, Name!, icon))
            ModelState.AddModelError(nameof(Name), $"There is already a member called {Name!.Trim()}.");
        if (!ModelState.IsValid) return Page();
        return RedirectToPage(new { id, saved = "profile" });
    }

    /// <summary>
    /// An empty new PIN clears it: the member chooses one with the setup code shown now. Either way
    /// their sessions end and their devices are strangers again (the reset may be for a lost phone).
    /// </summary>
    public async Task<IActionResult> OnPostResetPinAsync(long id)
    {
        if (await members.FindAsync(id) is not { } member) return NotFound();
        Member = member;
        Name = member.Name;
        var pin = string.IsNullOrEmpty(NewPin) ? null : NewPin;
        if (pin is not null && MemberRules.CheckPin(pin) is { } bad)
        {
            ModelState.AddModelError(nameof(NewPin), bad);
            return Page();
        }
        await members.SetPinAsync(id, pin);
        await devices.ForgetAllAsync(id);
        if (pin is not null) return RedirectToPage(new { id, saved = "pin-set" });
        Member = (await members.FindAsync(id))!;
        var code = (await members.IssueSetupCodeAsync(id))!;
        SetupCode = SetupCodeCard.Create(Member, code, Request, time);
        Saved = $"{Member.Name}'s PIN is cleared and they are signed out everywhere.";
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>Makes the profile sign in with a tap (a child's), or gives it a PIN again through a setup code.</summary>
    public async Task<IActionResult> OnPostNoPinAsync(long id, bool? noPin)
    {
        if (!ModelState.IsValid || noPin is null) return BadRequest();
        if (await members.FindAsync(id) is not { } member) return NotFound();
        Member = member;
        Name = member.Name;
        if (!await members.SetNoPinAsync(id, noPin.Value))
        {
            ModelState.AddModelError("", $"{member.Name} is an admin, and an admin always has a PIN. Remove their admin rights first.");
            return Page();
        }
        if (noPin.Value) return RedirectToPage(new { id, saved = "no-pin" });
        return await OnPostResetPinAsync(id);
    }
}
