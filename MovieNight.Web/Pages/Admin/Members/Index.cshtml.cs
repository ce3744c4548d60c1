using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;
using MovieNight.Web.Http;

namespace MovieNight.Web.Pages.Admin.Members;

/// <summary>The admin's list of members: add one, (de)activate, grant or remove admin rights, make setup codes.</summary>
public sealed class IndexModel(MemberStore members, TimeProvider time) : PageModel
{
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public string? Notice { get; private set; }
    /// <summary>A setup code just made: shown in this answer only.</summary>
    public SetupCodeCard? SetupCode { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Icon { get; set; } = MemberRules.DefaultIcon;
    [BindProperty] public string? CustomIcon { get; set; }
    [BindProperty] public string? Pin { get; set; }
    [BindProperty] public bool NoPin { get; set; }

    public async Task OnGetAsync()
    {
        Notice = this.TakeNotice();
        Members = await members.ListAsync(includeInactive: true);
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        // A value that does not bind (NoPin=banana) is an error, never a default.
        if (ModelState[nameof(NoPin)]?.Errors.Count > 0) return BadRequest();
        Icon = MemberRules.ChosenIcon(Icon, CustomIcon);
        if (MemberRules.CheckName(Name) is { } badName) ModelState.AddModelError(nameof(Name), badName);
        if (MemberRules.CheckIcon(Icon) is { } badIcon) ModelState.AddModelError(nameof(Icon), badIcon);
        if (NoPin && !string.IsNullOrEmpty(Pin)) ModelState.AddModelError(nameof(Pin), "A profile without a PIN has no PIN: leave the PIN empty.");
        else if (!string.IsNullOrEmpty(Pin) && MemberRules.CheckPin(Pin) is { } badPin) ModelState.AddModelError(nameof(Pin), badPin);
        long? id = null;
        if (ModelState.IsValid && (id = await members.AddAsync(Name!, Icon, string.IsNullOrEmpty(Pin) ? null : Pin, NoPin)) is null)
            ModelState.AddModelError(nameof(Name), $"There is already a member called {Name!.Trim()}.");
        if (!ModelState.IsValid)
        {
            Members = await members.ListAsync(includeInactive: true);
            return Page();
        }
        var added = (await members.FindAsync(id!.Value))!;
        if (!added.HasPin && !added.NoPin) return await ShowSetupCodeAsync(added, $"{added.Name} was added.");
        this.Tell(added.NoPin ? $"{added.Name} was added. They sign in with a tap on their profile." : $"{added.Name} was added. They sign in with the PIN you chose.");
        return RedirectToPage();
    }

    /// <summary>A new setup code for a member without a PIN (the last one is lost, or expired); replaces the old one.</summary>
    public async Task<IActionResult> OnPostSetupCodeAsync(long? id)
    {
        if (!ModelState.IsValid || id is null) return BadRequest();
        if (await members.FindAsync(id.Value) is not { } member) return NotFound();
        return await ShowSetupCodeAsync(member, null);
    }

    public async Task<IActionResult> OnPostActiveAsync(long? id, bool? active)
    {
        // Form values that fail to bind (active=banana) are refused, not read as false.
        if (!ModelState.IsValid || id is null || active is null) return BadRequest();
        return await ChangeAsync(id.Value, members.SetActiveAsync(id.Value, active.Value),
            active.Value ? "" : "The household needs an active admin: make someone else admin first.");
    }

    public async Task<IActionResult> OnPostAdminAsync(long? id, bool? admin)
    {
        if (!ModelState.IsValid || id is null || admin is null) return BadRequest();
        return await ChangeAsync(id.Value, members.SetAdminAsync(id.Value, admin.Value),
            "The household needs an admin: make someone else admin first.");
    }

    private async Task<IActionResult> ShowSetupCodeAsync(Member member, string? notice)
    {
        if (await members.IssueSetupCodeAsync(member.Id) is not { } code)
        {
            this.Tell($"{member.Name} needs no setup code: they have a PIN, or sign in without one.");
            return RedirectToPage();
        }
        SetupCode = SetupCodeCard.Create(member, code, Request, time);
        Notice = notice;
        Members = await members.ListAsync(includeInactive: true);
        // The code is in this answer only: nothing may keep a copy.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>htmx swaps just the member's row; without htmx the whole page reloads.</summary>
    private async Task<IActionResult> ChangeAsync(long id, Task<MemberChange> change, string lastAdminMessage)
    {
        var result = await change;
        if (result == MemberChange.NotFound) return NotFound();
        var member = (await members.FindAsync(id))!;
        var error = result switch
        {
            MemberChange.LastAdmin => lastAdminMessage,
            MemberChange.NoPinProfile => $"{member.Name}'s profile has no PIN, so it cannot be admin. Give it a PIN first (Edit).",
            _ => null,
        };
        var row = new MemberRow(member, error, member.Id == User.MemberId());
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
