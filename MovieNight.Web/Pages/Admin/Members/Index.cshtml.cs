using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;
using MovieNight.Web.Web;

namespace MovieNight.Web.Pages.Admin.Members;

/// <summary>The admin's list of members: add one, (de)activate, grant or remove admin rights.</summary>
public sealed class IndexModel(MemberStore members) : PageModel
{
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public string? Added { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Icon { get; set; } = MemberRules.DefaultIcon;
    [BindProperty] public string? CustomIcon { get; set; }
    [BindProperty] public string? Pin { get; set; }

    public async Task OnGetAsync(string? added)
    {
        Added = added;
        Members = await members.ListAsync(includeInactive: true);
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        Icon = MemberRules.ChosenIcon(Icon, CustomIcon);
        if (MemberRules.CheckName(Name) is { } badName) ModelState.AddModelError(nameof(Name), badName);
        if (MemberRules.CheckIcon(Icon) is { } badIcon) ModelState.AddModelError(nameof(Icon), badIcon);
        if (!string.IsNullOrEmpty(Pin) && MemberRules.CheckPin(Pin) is { } badPin) ModelState.AddModelError(nameof(Pin), badPin);
        if (ModelState.IsValid && await members.AddAsync(Name!, Icon, string.IsNullOrEmpty(Pin) ? null : Pin) is null)
            ModelState.AddModelError(nameof(Name), $"There is already a member called {Name!.Trim()}.");
        if (!ModelState.IsValid)
        {
            Members = await members.ListAsync(includeInactive: true);
            return Page();
        }
        return RedirectToPage(new { added = Name!.Trim() });
    }

    public Task<IActionResult> OnPostActiveAsync(long id, bool active) =>
        ChangeAsync(id, members.SetActiveAsync(id, active),
            active ? "" : "The household needs an active admin: make someone else admin first.");

    public Task<IActionResult> OnPostAdminAsync(long id, bool admin) =>
        ChangeAsync(id, members.SetAdminAsync(id, admin),
            "The household needs an admin: make someone else admin first.");

    /// <summary>htmx swaps just the member's row; without htmx the whole page reloads.</summary>
    private async Task<IActionResult> ChangeAsync(long id, Task<MemberChange> change, string lastAdminMessage)
    {
        var result = await change;
        if (result == MemberChange.NotFound) return NotFound();
        var member = (await members.FindAsync(id))!;
        var row = new MemberRow(member, result == MemberChange.LastAdmin ? lastAdminMessage : null, member.Id == User.MemberId());
        if (Request.IsHtmx()) return Partial("_MemberRow", row);
        if (row.Error is not null)
        {
            ModelState.AddModelError("", row.Error);
            Members = await members.ListAsync(includeInactive: true);
            return Page();
        }
        return RedirectToPage();
    }
}

public sealed record MemberRow(Member Member, string? Error, bool IsMe);
