using Microsoft.AspNetCore.Authorization;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Tmdb;
using MovieNight.Web.Weeks;
using MovieNight.Web.Http;

namespace MovieNight.Web.Pages;

/// <summary>This week as the home shows it: the phase, and how far this member has got in it.</summary>
public sealed record HomeWeek(WeekState State, int MyNominations, int NominationsPerMember, int Nominated, Ballot? Ballot,
    TalliedNomination? First, TalliedNomination? Second);

/// <summary>
/// The front door: the profile picker, and for a signed-in member their home: what to do now
/// (nominate, vote, see the results, rate the movie just watched) and the other places as tiles.
/// Not output-cached: it is read once per visit and would need evicting on every vote and rating.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(MemberStore members, WeekStore weeks, WeekResults results, VoteBook votes, HouseholdSettings settings,
    LatestWinners winners, TmdbImages images, Db db) : PageModel
{
    public IReadOnlyList<Member> Profiles { get; private set; } = [];
    public Member? Me { get; private set; }
    public bool ImportReportWaiting { get; private set; }
    public HomeWeek? Week { get; private set; }
    public IReadOnlyList<LatestWinner> Winners { get; private set; } = [];
    /// <summary>What the last write or the sign-in has to say (such as wrong PINs tried meanwhile).</summary>
    public string? Notice { get; private set; }

    /// <summary>Where a member was going when the sign-in was asked for; passed on to the PIN page.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>The latest winners this member watched and has not rated yet.</summary>
    public IEnumerable<LatestWinner> ToRate => Winners.Where(w => w.MyWatch is { Rating: null });
    /// <summary>The latest winners with no watch of this member recorded.</summary>
    public IEnumerable<LatestWinner> NotRecorded => Winners.Where(w => w.MyWatch is null);

    public string? PosterUrl(string? posterPath) => images.PosterUrl(posterPath, TmdbImages.PosterSmall);

    public async Task<IActionResult> OnGetAsync()
    {
        // An empty household, or an imported one whose admin has no PIN yet: set-up comes first.
        if (!await members.AnyAsync() || await members.UnclaimedAdminAsync() is not null) return RedirectToPage("/Setup/Index");
        Notice = this.TakeNotice();
        Profiles = await members.ListAsync(includeInactive: false);
        if (User.MemberId() is { } id && Profiles.FirstOrDefault(p => p.Id == id) is { } me)
        {
            Me = me;
            await LoadWeekAsync(me.Id);
            if (me.IsAdmin)
            {
                await using var connection = db.OpenConnection();
                ImportReportWaiting = await connection.ExecuteScalarAsync<long>(
                    "SELECT EXISTS (SELECT 1 FROM legacy_imports WHERE report_seen = 0)") == 1;
            }
        }
        return Page();
    }

    private async Task LoadWeekAsync(long memberId)
    {
        var rules = await settings.ReadAsync();
        var state = await weeks.CurrentAsync();
        var tally = await results.TallyAsync(state.Week);
        var ballot = state.Phase == WeekPhase.Voting ? await votes.BallotAsync(memberId) : null;
        var closed = state.Phase == WeekPhase.Results;
        Week = new HomeWeek(state, tally.Ranked.Count(n => n.ProposedBy == memberId), rules.NominationsPerMember, tally.Ranked.Count, ballot,
            closed ? tally.First : null, closed ? tally.Second : null);
        Winners = await winners.ForMemberAsync(memberId, state.Week);
    }
}
