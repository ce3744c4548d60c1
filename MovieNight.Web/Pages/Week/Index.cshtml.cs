using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Tmdb;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Week;

/// <summary>What stands beside a nomination once voting opens: its tally and voters, and this member's button.</summary>
public sealed record VoteControl(long NominationId, string Title, int Votes, IReadOnlyList<MemberBadge> Voters, bool ShowTally, bool CanVote, bool IVoted, bool IsOwn);

public sealed record VotesLeft(int Remaining, int PerMember, string? Message, bool IsError, bool OutOfBand);

public sealed record VoteAnswer(VoteControl Control, VotesLeft Left);

public sealed record SearchResult(long? TmdbId, string Title, string? Year, string? PosterUrl, double? Rating, string? Overview)
{
    /// <summary>Members who have watched it already, here or at Trakt.</summary>
    public IReadOnlyList<MemberBadge> SeenBy { get; init; } = [];
}

public sealed record SearchResults(string Query, IReadOnlyList<SearchResult> FromTmdb, IReadOnlyList<SearchResult> FromHousehold, string? Problem);

/// <summary>One nomination on the week page: its card, its votes and what this member may do with it.</summary>
public sealed record NominationView(TalliedNomination Nomination, MovieCard Card, bool IsMine, bool IVoted, IReadOnlyList<MemberBadge> Voters);

/// <summary>
/// This week: nominate (TMDB search or title and year), vote (htmx toggles), results, and the
/// admin's "open voting now" and "close the week now". Cached per member; every write evicts.
/// </summary>
[OutputCache(PolicyName = MemberPagePolicy.Name, VaryByQueryKeys = ["handler", "q"])]
public sealed class IndexModel(
    WeekStore weeks, NominationBook nominations, VoteBook votes, WeekResults results, WeekCloser closer,
    HouseholdSettings settings, MemberStore members, MovieCards cards, KnownMovies known, TmdbClient tmdb, TmdbCredentials tmdbCredentials,
    TmdbImages images, PageCache cache, TimeProvider time) : PageModel
{
    public WeekState State { get; private set; } = null!;
    public WeekRules Rules { get; private set; } = null!;
    public WeekTally Tally { get; private set; } = null!;
    public Ballot Ballot { get; private set; } = null!;
    public IReadOnlyList<NominationView> Nominations { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public bool TmdbConfigured { get; private set; }
    public bool IsAdmin => User.IsInRole(MemberSession.AdminPolicy);
    public long MemberId => User.MemberId()!.Value;
    public int MyNominationCount => Nominations.Count(n => n.IsMine);
    public bool CanNominate => State.NominationClosedMessage is null && MyNominationCount < Rules.NominationsPerMember;

    /// <summary>A message for the member after an action: what happened, or why not.</summary>
    public string? Notice { get; private set; }
    public bool NoticeIsError { get; private set; }

    public async Task OnGetAsync()
    {
        Notice = this.TakeNotice();
        await LoadAsync();
        MemberPagePolicy.ExpireBy(HttpContext, State.NextChange, time.GetUtcNow());
    }

    /// <summary>Live search as the member types: TMDB's results and movies nominated here before.</summary>
    public async Task<IActionResult> OnGetSearchAsync(string? q)
    {
        // TMDB keeps its own short search cache; a page cache would also keep a passing outage's message.
        MemberPagePolicy.DoNotStore(HttpContext);
        var query = q?.Trim() ?? "";
        var found = new SearchResults(query, [], [], null);
        if (query.Length >= 2)
        {
            var fromTmdb = await tmdb.SearchMoviesAsync(query, HttpContext.RequestAborted);
            found = found with
            {
                FromTmdb = fromTmdb.Succeeded ? fromTmdb.Value.Take(10).Select(r => new SearchResult(r.TmdbId, r.Title, r.Year?.ToString(),
                    images.PosterUrl(r.PosterPath, TmdbImages.PosterSmall), r.Rating, r.Overview)).ToList() : [],
                Problem = fromTmdb.Succeeded || fromTmdb.Problem.Kind == TmdbProblemKind.NotConfigured ? null : fromTmdb.Problem.Message,
                FromHousehold = (await known.SearchAsync(query)).Select(k => new SearchResult(k.TmdbId, k.Title, k.Year,
                    images.PosterUrl(k.PosterPath, TmdbImages.PosterSmall), k.Rating, k.Overview)).ToList(),
            };
            var seen = await cards.SeenByAsync(found.FromTmdb.Concat(found.FromHousehold).Select(r => r.TmdbId));
            found = found with
            {
                FromTmdb = found.FromTmdb.Select(r => r with { SeenBy = r.TmdbId is { } id && seen.TryGetValue(id, out var who) ? who : [] }).ToList(),
                FromHousehold = found.FromHousehold.Select(r => r with { SeenBy = r.TmdbId is { } id && seen.TryGetValue(id, out var who) ? who : [] }).ToList(),
            };
        }
        return Partial("_SearchResults", found);
    }

    public async Task<IActionResult> OnPostNominateAsync(long? tmdbId, string? title, string? year)
    {
        var choice = new MovieChoice(title ?? "", year);
        if (tmdbId is not null)
        {
            if (tmdbId is <= 0 or > int.MaxValue) return await AfterWriteAsync(new Refusal(RefusalReason.Invalid, "That is not a TMDB movie."), "");
            // Details fill in the poster, overview and rating; while TMDB is unreachable the search's title and year still do.
            var details = await tmdb.GetMovieAsync((int)tmdbId.Value, HttpContext.RequestAborted);
            if (!details.Succeeded && details.Problem.Kind == TmdbProblemKind.NotFound)
                return await AfterWriteAsync(new Refusal(RefusalReason.NotFound, details.Problem.Message), "");
            choice = details.Succeeded
                ? new MovieChoice(details.Value.Title, details.Value.Year?.ToString(), details.Value.TmdbId, details.Value.PosterPath,
                    details.Value.BackdropPath, details.Value.Overview, details.Value.Rating, details.Value.ImdbId)
                : choice with { TmdbId = tmdbId };
        }
        var result = await nominations.NominateAsync(MemberId, choice);
        if (result.Refusal is null) await cache.HouseholdChangedAsync();
        return await AfterWriteAsync(result.Refusal, result.VotingOpened
            ? $"“{choice.Title.Trim()}” is nominated. Everyone has nominated, so voting is open!"
            : $"“{choice.Title.Trim()}” is nominated.");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long id)
    {
        var refusal = await nominations.WithdrawAsync(MemberId, id);
        if (refusal is null) await cache.HouseholdChangedAsync();
        return await AfterWriteAsync(refusal, "Your nomination is withdrawn.");
    }

    public async Task<IActionResult> OnPostVoteAsync(long id)
    {
        var result = await votes.ToggleAsync(MemberId, id);
        if (result.Refusal is null) await cache.HouseholdChangedAsync();
        var said = result.Refusal?.Message ?? (result.Voted ? "Vote saved." : "Vote taken back.");
        if (!Request.IsHtmx()) return await AfterWriteAsync(result.Refusal, said);
        if (result.Refusal?.Reason is RefusalReason.WrongPhase or RefusalReason.NotFound or RefusalReason.NotAMember)
        {
            // The week moved on (or the movie went): show the whole list as it is now.
            await LoadAsync();
            (Notice, NoticeIsError) = (said, true);
            Response.Headers["HX-Retarget"] = "#nominations";
            Response.Headers["HX-Reswap"] = "outerHTML";
            return Partial("_Nominations", this);
        }
        // Only this nomination's tally and button, and the votes left, change: answer with just those.
        var badges = await members.BadgesAsync();
        var control = new VoteControl(id, result.Title, result.Tally, result.VoterIds.Where(badges.ContainsKey).Select(v => badges[v]).ToList(),
            ShowTally: true, CanVote: true, result.Voted, IsOwn: false);
        var rules = await settings.ReadAsync();
        return Partial("_VoteAnswer", new VoteAnswer(control,
            new VotesLeft(result.RemainingVotes, rules.VotesPerMember, said, result.Refusal is not null, OutOfBand: true)));
    }

    public async Task<IActionResult> OnPostOpenVotingAsync()
    {
        var refusal = await weeks.OpenVotingAsync(MemberId);
        if (refusal is null) await cache.HouseholdChangedAsync();
        return await AfterWriteAsync(refusal, "Voting is open.");
    }

    public async Task<IActionResult> OnPostCloseAsync()
    {
        var closing = await closer.CloseNowAsync(MemberId);
        return await AfterWriteAsync(closing.Refusal, "The week is closed: here are the results.");
    }

    /// <summary>Success redirects (so a reload never repeats it); a refusal re-renders with its message.</summary>
    private async Task<IActionResult> AfterWriteAsync(Refusal? refusal, string done)
    {
        if (refusal is null)
        {
            this.Tell(done);
            return RedirectToPage();
        }
        await LoadAsync();
        Notice = refusal.Message;
        NoticeIsError = true;
        return Page();
    }

    private async Task LoadAsync()
    {
        (Rules, var clock) = await settings.ReadWithClockAsync();
        Zone = settings.ZoneFor(Rules);
        State = await weeks.CurrentAsync();
        Tally = await results.TallyAsync(State.Week);
        Ballot = await votes.BallotAsync(MemberId);
        TmdbConfigured = await tmdbCredentials.IsConfiguredAsync(HttpContext.RequestAborted);

        var everyone = await members.BadgesAsync();
        // Results rank the cards; before that they stay in nomination order so they don't jump as votes come in.
        var ordered = State.Phase == WeekPhase.Results ? Tally.Ranked : Tally.Ranked.OrderBy(n => n.ProposedAt).ThenBy(n => n.Id).ToList();
        var built = await cards.BuildAsync(ordered.Select(n => new MovieCards.Source(n.Title, n.Year, n.TmdbId, n.PosterPath, n.Rating, n.Overview,
            everyone.GetValueOrDefault(n.ProposedBy))).ToList());
        Nominations = ordered.Select((n, i) => new NominationView(n, built[i], n.ProposedBy == MemberId, Ballot.VotedFor.Contains(n.Id),
            n.VoterIds.Where(everyone.ContainsKey).Select(v => everyone[v]).ToList())).ToList();
    }

    public VoteControl VoteControlFor(NominationView view)
    {
        var voting = State.Phase == WeekPhase.Voting && State.IsCurrent;
        var ownBarred = view.IsMine && !Rules.SelfVoteAllowed;
        return new VoteControl(view.Nomination.Id, view.Nomination.Title, view.Nomination.Votes, view.Voters,
            ShowTally: true, CanVote: voting && !ownBarred, view.IVoted, IsOwn: voting && ownBarred);
    }

    public string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("dddd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string Explain(DecidedBy? rule) => rule switch
    {
        DecidedBy.MostVotes => "most votes",
        DecidedBy.FewerHaveSeenIt => "a tie on votes, broken because fewer members have already seen it",
        DecidedBy.HigherRating => "a tie on votes and on who has seen it, broken by the higher TMDB rating",
        DecidedBy.EarlierNomination => "a tie on votes, viewers and rating, broken by the earlier nomination",
        DecidedBy.Unopposed => "the only nomination left",
        _ => "",
    };
}
