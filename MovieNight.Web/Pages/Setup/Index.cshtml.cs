using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Data;
using MovieNight.Web.Household;

namespace MovieNight.Web.Pages.Setup;

/// <summary>First run: creates the household's first member, who is its admin.</summary>
[AllowAnonymous]
public sealed class IndexModel(MemberStore members, FirstStartImport firstStart) : PageModel
{
    public string? ImportError => firstStart.Error;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Icon { get; set; } = MemberRules.DefaultIcon;
    [BindProperty] public string? CustomIcon { get; set; }
    [BindProperty] public string? Pin { get; set; }
    [BindProperty] public string? ConfirmPin { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await members.AnyAsync() ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await members.AnyAsync()) return Redirect("/");
        Icon = MemberRules.ChosenIcon(Icon, CustomIcon);
        if (MemberRules.CheckName(Name) is { } badName) ModelState.AddModelError(nameof(Name), badName);
        if (MemberRules.CheckIcon(Icon) is { } badIcon) ModelState.AddModelError(nameof(Icon), badIcon);
        if (MemberRules.CheckPin(Pin) is { } badPin) ModelState.AddModelError(nameof(Pin), badPin);
        else if (Pin != ConfirmPin) ModelState.AddModelError(nameof(ConfirmPin), "The two PINs differ. Type the same PIN twice.");
        if (!ModelState.IsValid) return Page();

        // Someone else may have finished set-up a moment ago: then this form changes nothing.
        if (await members.CreateFirstAdminAsync(Name!, Icon, Pin!) is not { } id) return Redirect("/");
        await MemberSession.SignInAsync(HttpContext, (await members.FindAsync(id))!);
        return Redirect("/");
    }
}
