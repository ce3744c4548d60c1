using Microsoft.AspNetCore.Authorization;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;
using MovieNight.Web.Http;

namespace MovieNight.Web.Pages;

/// <summary>The front door: the profile picker, and for a signed-in member their home.</summary>
[AllowAnonymous]
public sealed class IndexModel(MemberStore members, WeekStore weeks, Db db) : PageModel
{
    public IReadOnlyList<Member> Profiles { get; private set; } = [];
    public Member? Me { get; private set; }
    public bool ImportReportWaiting { get; private set; }
    public WeekState? Week { get; private set; }
    /// <summary>What the last write or the sign-in has to say (such as wrong PINs tried meanwhile).</summary>
    public string? Notice { get; private set; }

    /// <summary>Where a member was going when the sign-in was asked for; passed on to the PIN page.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // An empty household, or an imported one whose admin has no PIN yet: set-up comes first.
        if (!await members.AnyAsync() || await members.UnclaimedAdminAsync() is not null) return RedirectToPage("/Setup/Index");
        Notice = this.TakeNotice();
        Profiles = await members.ListAsync(includeInactive: false);
        if (User.MemberId() is { } id)
        {
            Me = Profiles.FirstOrDefault(p => p.Id == id);
            Week = await weeks.CurrentAsync();
            if (Me?.IsAdmin == true)
            {
                await using var connection = db.OpenConnection();
                ImportReportWaiting = await connection.ExecuteScalarAsync<long>(
                    "SELECT EXISTS (SELECT 1 FROM legacy_imports WHERE report_seen = 0)") == 1;
            }
        }
        return Page();
    }
}
