using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.History;

/// <summary>One nomination on the history page: its card, who voted for it and who watched it (with ratings).</summary>
public sealed record HistoryItem(PastNomination Nomination, MovieCard Card, IReadOnlyList<MemberBadge> Voters,
    IReadOnlyList<(Watch Watch, MemberBadge Member)> Watchers);

public sealed record HistoryWeek(PastWeek Week, IReadOnlyList<HistoryItem> Items);

/// <summary>
/// Every past week, newest first: places, all nominations with their votes, who watched them and
/// their ratings. A page of weeks at a time; "Show older weeks" appends the next page with htmx
/// (or opens it as a page without JS). Cached per member; every write evicts it.
/// </summary>
[OutputCache(PolicyName = MemberPagePolicy.Name, VaryByQueryKeys = ["from"])]
public sealed class IndexModel(PastWeeks pastWeeks, WeekStore weeks, MemberStore members, MovieCards cards, TimeProvider time)
    : PageModel
{
    public const int WeeksPerPage = 5;

    public IReadOnlyList<HistoryWeek> Weeks { get; private set; } = [];
    public WeekId? Older { get; private set; }
    public bool IsFirstPage { get; private set; }
    public long MemberId => User.MemberId()!.Value;

    /// <param name="from">The newest week to show (older pages start further back); the latest past week when absent.</param>
    public async Task<IActionResult> OnGetAsync(string? from)
    {
        WeekId? start = null;
        if (from is not null)
        {
            if (!WeekId.TryParse(from, out var week)) return NotFound();
            start = week;
        }
        IsFirstPage = start is null;
        // The current week joins the history when it closes, and a new week starts on the clock: no write evicts for those.
        var current = await weeks.CurrentAsync();
        MemberPagePolicy.ExpireBy(HttpContext, current.NextChange, time.GetUtcNow());

        var page = await pastWeeks.PageAsync(current.Week, start, WeeksPerPage);
        Older = page.Older;
        var badges = await members.BadgesAsync();
        var nominations = page.Weeks.SelectMany(w => w.Nominations).ToList();
        var built = await cards.BuildAsync(nominations.Select(n => new MovieCards.Source(n.Title, n.Year, n.TmdbId, n.PosterPath, n.Rating,
            n.Overview, badges.GetValueOrDefault(n.ProposedBy))).ToList());
        var cardOf = nominations.Select((n, i) => (n.Id, Card: built[i])).ToDictionary(c => c.Id, c => c.Card);
        Weeks = page.Weeks.Select(w => new HistoryWeek(w, w.Nominations.Select(n => new HistoryItem(n, cardOf[n.Id],
            n.VoterIds.Where(badges.ContainsKey).Select(v => badges[v]).ToList(),
            n.Watches.Where(x => badges.ContainsKey(x.MemberId)).Select(x => (x, badges[x.MemberId])).ToList())).ToList())).ToList();
        return Request.IsHtmx() ? Partial("_Weeks", this) : Page();
    }
}
