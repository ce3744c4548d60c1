using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Watched;

/// <summary>
/// "We watched it": a member records who watched a nomination together and when. Everyone ticked
/// gets a watch (not yet synced to Trakt); members already recorded for it are named, not doubled.
/// </summary>
public sealed class IndexModel(WatchLog log, HouseholdTime when, MemberStore members, MovieCards cards, PageCache cache, TimeProvider time)
    : PageModel
{

    public WatchedNomination Nomination { get; private set; } = null!;
    public MovieCard Card { get; private set; } = null!;
    /// <summary>Active members with no watch of this nomination yet: the ones who can be ticked.</summary>
    public IReadOnlyList<Member> NotYetRecorded { get; private set; } = [];
    public IReadOnlyList<(Watch Watch, MemberBadge Member)> Recorded { get; private set; } = [];
    /// <summary>The nomination's week's Monday: its days are offered even when they are long past.</summary>
    public DateOnly? WeekMonday { get; private set; }
    public string? Notice { get; private set; }
    public long MemberId => User.MemberId()!.Value;

    [BindProperty] public List<long> Attendees { get; set; } = [];
    [BindProperty] public string? WatchedOn { get; set; }
    [BindProperty] public string? WatchedTime { get; set; }

    public WatchTimeField WatchTime => WatchTimeField.For(when, time.GetUtcNow(), recentDays: 31, WeekMonday, WatchedOn, WatchedTime);

    public async Task<IActionResult> OnGetAsync(long nominationId)
    {
        Notice = this.TakeNotice(); // taken even when the movie is gone, so it never turns up on another page
        if (!await LoadAsync(nominationId)) return NotFound();
        Attendees = NotYetRecorded.Select(m => m.Id).ToList();
        (WatchedOn, WatchedTime) = WatchTimeField.ValuesOf(time.GetUtcNow(), when);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long nominationId)
    {
        if (!await LoadAsync(nominationId)) return NotFound();
        if (!WatchTimeField.TryParse(WatchedOn, WatchedTime, out var wallClock))
        {
            ModelState.AddModelError("WatchedAt", "Choose the day and the time you watched it.");
            return Page();
        }
        var recording = await log.RecordAsync(nominationId, MemberId, Attendees, when.ToInstant(wallClock));
        if (recording.Refusal is { } refusal)
        {
            ModelState.AddModelError("", refusal.Message);
            return Page();
        }
        if (recording.Recorded.Count > 0) await cache.HouseholdChangedAsync();
        this.Tell(await DescribeAsync(recording));
        return RedirectToPage(new { nominationId });
    }

    /// <summary>"Recorded for Erik and Niki. Timea was already recorded."</summary>
    private async Task<string> DescribeAsync(WatchRecording recording)
    {
        var names = (await members.ListAsync(includeInactive: true)).ToDictionary(m => m.Id, m => m.Name);
        string List(IEnumerable<long> ids) => Join(ids.Select(id => names.GetValueOrDefault(id, "a former member")).ToList());
        var parts = new List<string>();
        if (recording.Recorded.Count > 0) parts.Add($"Recorded for {List(recording.Recorded)}.");
        if (recording.AlreadyRecorded.Count > 0)
            parts.Add($"{List(recording.AlreadyRecorded)} {(recording.AlreadyRecorded.Count == 1 ? "was" : "were")} already recorded" +
                (recording.Recorded.Count == 0 ? ", so nothing new was recorded." : "."));
        return string.Join(" ", parts);
    }

    public static string Join(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };

    private async Task<bool> LoadAsync(long nominationId)
    {
        if (await log.FindNominationAsync(nominationId) is not { } nomination) return false;
        Nomination = nomination;
        var everyone = await members.ListAsync(includeInactive: true);
        var badges = everyone.ToDictionary(m => m.Id, m => new MemberBadge(m.Id, m.Name, m.Icon));
        Card = (await cards.BuildAsync([new MovieCards.Source(nomination.Title, nomination.Year, nomination.TmdbId, nomination.PosterPath,
            nomination.Rating, nomination.Overview, badges.GetValueOrDefault(nomination.ProposedBy))]))[0];
        var watches = (await log.OfNominationsAsync([nominationId]))[nominationId].ToList();
        Recorded = watches.Where(w => badges.ContainsKey(w.MemberId)).Select(w => (w, badges[w.MemberId])).ToList();
        NotYetRecorded = everyone.Where(m => m.IsActive && watches.All(w => w.MemberId != m.Id)).ToList();
        WeekMonday = Migrations.WeekId.TryParse(nomination.Week, out var week) ? week.Monday : null;
        return true;
    }
}
