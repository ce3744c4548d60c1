using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Members;

/// <summary>One watch on a member's page, with the movie's card.</summary>
public sealed record WatchItem(Watch Watch, MovieCard Card);

/// <summary>
/// A member's page: what they watched, newest first, when and in which week, and their ratings
/// (their own page lets them rate). A page of watches at a time; "Show older" appends the next.
/// </summary>
[OutputCache(PolicyName = MemberPagePolicy.Name, VaryByQueryKeys = ["skip"])]
public sealed class IndexModel(MemberWatches memberWatches, MemberStore members, MovieCards cards) : PageModel
{
    public const int WatchesPerPage = 20;

    public Member Member { get; private set; } = null!;
    public IReadOnlyList<WatchItem> Watches { get; private set; } = [];
    public int Total { get; private set; }
    public int Rated { get; private set; }
    public int Skip { get; private set; }
    public int? NextSkip { get; private set; }
    public bool IsMe => Member.Id == User.MemberId();
    /// <summary>What "I watched this" or a removal did (a request carrying one is never served from the cache).</summary>
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, int skip = 0)
    {
        // skip=banana or beyond int fails to bind: a wrong link, not the first page.
        if (!ModelState.IsValid || skip < 0 || await members.FindAsync(id) is not { } member) return NotFound();
        Member = member;
        Skip = skip;
        Notice = this.TakeNotice();
        var all = await memberWatches.ListAsync(id);
        Total = all.Count;
        Rated = all.Count(w => w.Watch.Rating is not null);
        // Compared as a difference: skip + WatchesPerPage would overflow near int.MaxValue.
        NextSkip = all.Count - skip > WatchesPerPage ? skip + WatchesPerPage : null;

        var shown = all.Skip(skip).Take(WatchesPerPage).ToList();
        var badges = await members.BadgesAsync();
        var built = await cards.BuildAsync(shown.Select(w =>
            w.Movie with { NominatedBy = w.ProposedBy is { } by ? badges.GetValueOrDefault(by) : null }).ToList());
        Watches = shown.Select((w, i) => new WatchItem(w.Watch, built[i])).ToList();
        return Request.IsHtmx() ? Partial("_Watches", this) : Page();
    }
}
