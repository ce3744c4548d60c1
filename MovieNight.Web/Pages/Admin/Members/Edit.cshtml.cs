using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;

namespace MovieNight.Web.Pages.Admin.Members;

/// <summary>An admin edits one member's name and icon, or resets their PIN.</summary>
public sealed class EditModel(MemberStore members) : PageModel
{
    public Member Member { get; private set; } = null!;
    public string? Saved { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Icon { get; set; }
    [BindProperty] public string? CustomIcon { get; set; }
    [BindProperty] public string? NewPin { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, string? saved)
    {
        if (await members.FindAsync(id) is not { } member) return NotFound();
        Member = member;
        Name = member.Name;
        Saved = saved switch
        {
            "profile" => "Saved.",
            "pin-cleared" => $"{member.Name}'s PIN is cleared: they choose a new one at their next sign-in.",
            "pin-set" => $"{member.Name}'s PIN is changed. Tell them the new PIN.",
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
        if (ModelState.IsValid && !await members.UpdateProfileAsync(id, Name!, icon))
            ModelState.AddModelError(nameof(Name), $"There is already a member called {Name!.Trim()}.");
        if (!ModelState.IsValid) return Page();
        return RedirectToPage(new { id, saved = "profile" });
    }

    /// <summary>An empty new PIN clears it, so the member chooses one; either way their sessions end.</summary>
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
        return RedirectToPage(new { id, saved = pin is null ? "pin-cleared" : "pin-set" });
    }
}
