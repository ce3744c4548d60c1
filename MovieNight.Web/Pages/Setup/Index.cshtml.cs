using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Data;
using MovieNight.Web.Household;

namespace MovieNight.Web.Pages.Setup;

/// <summary>
/// First run, trust on first use: creates the household's first member, who is its admin; or, after
/// the old app's data was imported at first start, sets the imported admin's PIN when they had none.
/// Either way it closes for good once it is done.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(MemberStore members, FirstStartImport firstStart) : PageModel
{
    public string? ImportError => firstStart.Error;
    /// <summary>The imported admin whose PIN this page sets; null for an empty household.</summary>
    public Member? ImportedAdmin { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Icon { get; set; } = MemberRules.DefaultIcon;
    [BindProperty] public string? CustomIcon { get; set; }
    [BindProperty] public string? Pin { get; set; }
    [BindProperty] public string? ConfirmPin { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await IsOpenAsync() ? Page() : Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await IsOpenAsync()) return Redirect("/");
        if (ImportedAdmin is null)
        {
            Icon = MemberRules.ChosenIcon(Icon, CustomIcon);
            if (MemberRules.CheckName(Name) is { } badName) ModelState.AddModelError(nameof(Name), badName);
            if (MemberRules.CheckIcon(Icon) is { } badIcon) ModelState.AddModelError(nameof(Icon), badIcon);
        }
        if (MemberRules.CheckPin(Pin) is { } badPin) ModelState.AddModelError(nameof(Pin), badPin);
        else if (Pin != ConfirmPin) ModelState.AddModelError(nameof(ConfirmPin), "The two PINs differ. Type the same PIN twice.");
        if (!ModelState.IsValid) return Page();

        // Someone else may have finished set-up a moment ago: then this form changes nothing.
        long id;
        if (ImportedAdmin is { } admin)
        {
            if (!await members.ClaimAdminAsync(admin.Id, Pin!)) return Redirect("/");
            id = admin.Id;
        }
        else if (await members.CreateFirstAdminAsync(Name!, Icon!, Pin!) is { } created) id = created;
        else return Redirect("/");
        await MemberSession.SignInAsync(HttpContext, (await members.FindAsync(id))!);
        return Redirect("/");
    }

    private async Task<bool> IsOpenAsync()
    {
        if (!await members.AnyAsync()) return true;
        ImportedAdmin = await members.UnclaimedAdminAsync();
        return ImportedAdmin is not null;
    }
}
