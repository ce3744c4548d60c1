using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Tmdb;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Week;

/// <summary>
/// What stands beside a nomination once voting opens: its tally and voters (none shown during a
/// secret ballot), this member's button, and what their last tap on it did.
/// </summary>
public sealed record VoteControl(long NominationId, string Title, int Votes, IReadOnlyList<MemberBadge> Voters, bool ShowTally, bool CanVote, bool IVoted, bool IsOwn)
{
    /// <summary>The member has no vote left, so voting for this one means taking another back first.</summary>
    public bool NoVotesLeft { get; init; }
    /// <summary>What the member's last tap here did, or why it did nothing, beside the button they tapped.</summary>
    public string? Message { get; init; }
    public bool MessageIsError { get; init; }
    /// <summary>Sent beside a vote's answer to replace this control too (its button's state changed).</summary>
    public bool OutOfBand { get; init; }
}

/// <summary>The votes left, and what the last vote did when it was done (a refusal shows beside its button instead).</summary>
public sealed record VotesLeft(int Remaining, int PerMember, string? Done, bool OutOfBand);

/// <summary>A vote's htmx answer: the tapped control, the votes left, and the other controls when running out of votes (or not) changed them.</summary>
public sealed record VoteAnswer(VoteControl Control, VotesLeft Left, IReadOnlyList<VoteControl> Others);

public sealed record SearchResult(long? TmdbId, string Title, string? Year, string? PosterUrl, double? Rating, string? Overview)
{
    /// <summary>Members who have watched it already, here or at Trakt.</summary>
    public IReadOnlyList<MemberBadge> SeenBy { get; init; } = [];
    /// <summary>TMDB's poster path, posted with Nominate so the card keeps it if TMDB's details call fails.</summary>
    public string? PosterPath { get; init; }
    /// <summary>Who nominated it this week: it shows that instead of a Nominate button.</summary>
    public MemberBadge? NominatedBy { get; init; }
}

public sealed record SearchResults(string Query, IReadOnlyList<SearchResult> FromTmdb, IReadOnlyList<SearchResult> FromHousehold, string? Problem)
{
    public static SearchResults None { get; } = new("", [], [], null);
    public bool Any => FromTmdb.Count > 0 || FromHousehold.Count > 0;

    /// <summary>
    /// One short line for screen readers after each search (the list itself is not a live region: it would be
    /// read whole at every keystroke): how many, and what Enter would nominate.
    /// </summary>
    public string Summary()
    {
        if (Problem is not null) return Problem;
        if (!Any) return Query.Length >= 2 ? $"No movie matches “{Query}”." : "";
        var count = FromTmdb.Count + FromHousehold.Count;
        var next = FromHousehold.Concat(FromTmdb).FirstOrDefault(r => r.NominatedBy is null);
        return $"{count} {(count == 1 ? "movie" : "movies")} found." +
            (next is null ? "" : $" Enter nominates {next.Title}{(string.IsNullOrEmpty(next.Year) ? "" : $" ({next.Year})")}.");
    }
}

/// <summary>
/// The nominate form as the member last sent it when it was refused, kept across the redirect (TempData)
/// so the page shows what was typed with the message at its field. Field is "title", "year", "search" or null (the whole form).
/// </summary>
public sealed record NominateForm(string Title, string Year, string? Error, string? Field)
{
    public static NominateForm Empty { get; } = new("", "", null, null);

    private const string Key = "nominate-form";

    public string? ErrorFor(string field) => Field == field ? Error : null;
    /// <summary>A refusal of the title form not about one field (shown at the top of that form).</summary>
    public string? FormError => Field is "title" or "year" or "search" ? null : Error;
    /// <summary>The title form was refused: it opens again, filled in.</summary>
    public bool ReopensTitleForm => Error is not null && Field != "search";

    public void KeepIn(PageModel page) => page.TempData[Key] = new[] { Title, Year, Error ?? "", Field ?? "" };

    public static NominateForm TakeFrom(PageModel page) =>
        // As PageNotice: touching TempData without its cookie would answer with a cookie deletion, which is never cached.
        PageNotice.IsWaiting(page.HttpContext) && page.TempData[Key] is string[] { Length: 4 } kept
            ? new(kept[0], kept[1], kept[2] is { Length: > 0 } error ? error : null, kept[3] is { Length: > 0 } field ? field : null)
            : Empty;
}

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
    TmdbImages images, PageCache cache, TimeProvider time, ILogger<IndexModel> logger) : PageModel
{
    public WeekState State { get; private set; } = null!;
    public WeekRules Rules { get; private set; } = null!;
    public WeekTally Tally { get; private set; } = null!;
    public Ballot Ballot { get; private set; } = null!;
    public IReadOnlyList<NominationView> Nominations { get; private set; } = [];
    /// <summary>Who the week is waiting for (to nominate or to vote); null once the results are in.</summary>
    public WeekProgress? Progress { get; private set; }
    public bool TmdbConfigured { get; private set; }
    public bool IsAdmin => User.IsInRole(MemberSession.AdminPolicy);
    public long MemberId => User.MemberId()!.Value;
    public int MyNominationCount => Nominations.Count(n => n.IsMine);
    public bool CanNominate => State.NominationClosedMessage is null && MyNominationCount < Rules.NominationsPerMember;

    /// <summary>A message for the member after an action: what happened, or why not.</summary>
    public string? Notice { get; private set; }
    public bool NoticeIsError { get; private set; }
    /// <summary>The nomination whose vote control shows <see cref="Notice"/> (a vote posted without script); null: the top of the page.</summary>
    public long? NoticeFor { get; private set; }

    // A vote posted without script comes back to its movie (#nomination-{id}) with the notice beside its button.
    private const string NoticeForKey = "notice-for";
    private const string NoticeIsErrorKey = "notice-is-error";

    public async Task OnGetAsync()
    {
        // Everything a write left is read now (taking the notice takes it all), shown or not.
        if (PageNotice.IsWaiting(HttpContext))
        {
            var (isError, noticeFor) = (TempData[NoticeIsErrorKey] is true, TempData[NoticeForKey] as string);
            nominateForm = NominateForm.TakeFrom(this);
            Notice = this.TakeNotice();
            if (Notice is not null)
                (NoticeIsError, NoticeFor) = (isError, long.TryParse(noticeFor, out var id) ? id : null);
        }
        await LoadAsync();
        // A movie that is gone, or has no vote control in this phase, has the notice at the top instead.
        if (NoticeFor is { } target && (State.Phase == WeekPhase.Nomination || Nominations.All(n => n.Nomination.Id != target))) NoticeFor = null;
        MemberPagePolicy.ExpireBy(HttpContext, State.NextChange, time.GetUtcNow());
    }

    /// <summary>The search to show in the page itself: a search sent without script, or kept after a refused nomination.</summary>
    public SearchResults Search { get; private set; } = SearchResults.None;

    private NominateForm? nominateForm;
    /// <summary>The nominate form as last sent when it was refused (what was typed and why not), or empty.</summary>
    public NominateForm NominateForm => nominateForm ??= NominateForm.TakeFrom(this);

    /// <summary>
    /// Search: TMDB's results and movies nominated here before, each listed once. htmx asks as the
    /// member types and gets the fragment; without script the form's GET lands here and gets the
    /// whole page with the results in it.
    /// </summary>
    public async Task<IActionResult> OnGetSearchAsync(string? q)
    {
        // TMDB keeps its own short search cache; a page cache would also keep a passing outage's message.
        MemberPagePolicy.DoNotStore(HttpContext);
        Response.Headers.Vary = "HX-Request";
        var found = await SearchAsync(q);
        if (Request.IsHtmx()) return Partial("_SearchResults", found);
        await LoadAsync();
        Search = found;
        return Page();
    }

    private async Task<SearchResults> SearchAsync(string? q)
    {
        var query = q?.Trim() ?? "";
        if (query.Length > 100) query = query[..100];
        if (query.Length < 2) return SearchResults.None with { Query = query };
        var fromTmdb = await tmdb.SearchMoviesAsync(query, HttpContext.RequestAborted);
        var tmdbRows = fromTmdb.Succeeded ? fromTmdb.Value.Take(10).Select(r => new SearchResult(r.TmdbId, r.Title, r.Year?.ToString(),
            images.PosterUrl(r.PosterPath, TmdbImages.PosterSmall), r.Rating, r.Overview) { PosterPath = r.PosterPath }).ToList() : [];
        // A movie TMDB also found is listed once, under TMDB: the same id, or (nominated by title) the same title and year.
        var fromTmdbIds = tmdbRows.Select(r => r.TmdbId).ToHashSet();
        var fromTmdbTitles = tmdbRows.Select(r => MovieTitles.Key(r.Title, r.Year)).ToHashSet();
        var householdRows = (await known.SearchAsync(query))
            .Where(k => k.TmdbId is { } id ? !fromTmdbIds.Contains(id) : !fromTmdbTitles.Contains(MovieTitles.Key(k.Title, k.Year)))
            .Select(k => new SearchResult(k.TmdbId, k.Title, k.Year, images.PosterUrl(k.PosterPath, TmdbImages.PosterSmall), k.Rating, k.Overview)
                { PosterPath = k.PosterPath }).ToList();

        var seen = await cards.SeenByAsync(tmdbRows.Concat(householdRows).Select(r => r.TmdbId));
        var thisWeek = await nominations.ThisWeekAsync();
        SearchResult Complete(SearchResult r) => r with
        {
            SeenBy = r.TmdbId is { } id && seen.TryGetValue(id, out var who) ? who : [],
            NominatedBy = thisWeek.FirstOrDefault(n => n.IsSameMovie(r.TmdbId, r.Title, r.Year))?.Nominator,
        };
        return new SearchResults(query, tmdbRows.Select(Complete).ToList(), householdRows.Select(Complete).ToList(),
            fromTmdb.Succeeded || fromTmdb.Problem.Kind == TmdbProblemKind.NotConfigured ? null : fromTmdb.Problem.Message);
    }

    /// <summary>
    /// Nominates a search result (its TMDB id, and the poster, rating and overview the row showed) or a
    /// typed title and year. A refusal of the form redirects back to it with what was typed and the
    /// message at its field (post/redirect/get: a reload never posts again).
    /// </summary>
    public async Task<IActionResult> OnPostNominateAsync(long? tmdbId, string? title, string? year, string? posterPath, string? rating,
        string? overview, string? q, [FromServices] NominationDetailsSchedule details)
    {
        var choice = new MovieChoice(title ?? "", year);
        var detailsMissing = false;
        if (tmdbId is not null)
        {
            if (tmdbId is <= 0 or > int.MaxValue) return await RefusedNominationAsync(new Refusal(RefusalReason.Invalid, "That is not a TMDB movie."), choice, q);
            // Details fill in the poster, overview and rating; while TMDB is unreachable the search row's own still do.
            var fetched = await tmdb.GetMovieAsync((int)tmdbId.Value, HttpContext.RequestAborted);
            if (!fetched.Succeeded && fetched.Problem.Kind == TmdbProblemKind.NotFound)
                return await RefusedNominationAsync(new Refusal(RefusalReason.NotFound, fetched.Problem.Message), choice, q);
            detailsMissing = !fetched.Succeeded;
            choice = fetched.Succeeded
                ? new MovieChoice(fetched.Value.Title, fetched.Value.Year?.ToString(), fetched.Value.TmdbId, fetched.Value.PosterPath,
                    fetched.Value.BackdropPath, fetched.Value.Overview, fetched.Value.Rating, fetched.Value.ImdbId)
                : choice with { TmdbId = tmdbId, PosterPath = SearchRow.PosterPath(posterPath), Rating = SearchRow.Rating(rating), Overview = SearchRow.Overview(overview) };
        }
        var result = await nominations.NominateAsync(MemberId, choice);
        if (result.Refusal is { } refusal) return await RefusedNominationAsync(refusal, choice with { Title = title ?? "", Year = year }, q);
        await cache.HouseholdChangedAsync();
        if (detailsMissing)
        {
            // The nomination is saved either way; should the job store fail, the recurring sweep still fills it in.
            try { details.FillSoon(result.NominationId!.Value); }
            catch (Exception e) { logger.LogWarning(e, "Could not schedule the details of nomination {Id}; the sweep will fill them in", result.NominationId); }
        }
        return await AfterWriteAsync(null, result.VotingOpened
            ? $"“{choice.Title.Trim()}” is nominated. Everyone has nominated, so voting is open!"
            : $"“{choice.Title.Trim()}” is nominated.");
    }

    private async Task<IActionResult> RefusedNominationAsync(Refusal refusal, MovieChoice typed, string? q)
    {
        // Nominating is over for this member (the week moved on, or the limit): the form is gone, so the page says why.
        if (refusal.Reason is RefusalReason.WrongPhase or RefusalReason.LimitReached or RefusalReason.NotAMember)
            return await AfterWriteAsync(refusal, "");
        var fromSearch = typed.TmdbId is not null || !string.IsNullOrWhiteSpace(q);
        var field = fromSearch ? "search" : refusal.Field;
        new NominateForm(fromSearch ? "" : typed.Title, fromSearch ? "" : typed.Year ?? "", refusal.Message, field).KeepIn(this);
        // The browser scrolls to the field and focuses it, script or not, so its message is read with it.
        var at = field switch { "search" => "movie-search", "title" => "manual-title", "year" => "manual-year", _ => "nominate-heading" };
        return fromSearch && !string.IsNullOrWhiteSpace(q)
            ? RedirectToPage(null, "Search", new { q = q.Trim() }, at)
            : RedirectToPage(null, null, null, at);
    }

    /// <summary>What a search row posts beside its TMDB id, checked before it is stored: it is only shown until TMDB's details arrive.</summary>
    private static class SearchRow
    {
        public static string? PosterPath(string? path) =>
            path is { Length: > 1 and <= 100 } && path[0] == '/' && path[1..].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && !path.Contains("..")
                ? path : null;

        public static double? Rating(string? text) =>
            double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r) && r is > 0 and <= 10
                ? Math.Round(r, 1) : null;

        public static string? Overview(string? text) =>
            string.IsNullOrWhiteSpace(text) ? null : text.Trim() is { Length: <= 2000 } trimmed ? trimmed : text.Trim()[..2000];
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
        if (!Request.IsHtmx())
        {
            // Without script: back to the movie, with what happened beside its button (a refusal too, so a reload repeats nothing).
            this.Tell(said);
            TempData[NoticeForKey] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            TempData[NoticeIsErrorKey] = result.Refusal is not null;
            return Redirect($"{Url.Page("/Week/Index")}#nomination-{id}");
        }
        if (result.Refusal?.Reason is RefusalReason.WrongPhase or RefusalReason.NotFound or RefusalReason.NotAMember)
        {
            // The week moved on (or the movie went): show the whole list as it is now.
            await LoadAsync();
            (Notice, NoticeIsError) = (said, true);
            Response.Headers["HX-Retarget"] = "#nominations";
            Response.Headers["HX-Reswap"] = "outerHTML";
            return Partial("_Nominations", this);
        }
        var rules = await settings.ReadAsync();
        var left = new VotesLeft(result.RemainingVotes, rules.VotesPerMember, result.Refusal is null ? said : null, OutOfBand: true);
        // A refusal is said beside the button that was tapped; a vote that was taken, in the votes-left bar (a live region).
        var message = result.Refusal is null ? null : said;
        // Using the last vote, or freeing one, changes every other Vote button: answer with all of them.
        var changedOthers = result.Refusal is null && (result.Voted ? result.RemainingVotes == 0 : result.RemainingVotes == 1);
        if (changedOthers)
        {
            var controls = await VoteControlsAsync();
            if (controls.FirstOrDefault(c => c.NominationId == id) is { } mine)
                return Partial("_VoteAnswer", new VoteAnswer(mine, left, controls.Where(c => c.NominationId != id).Select(c => c with { OutOfBand = true }).ToList()));
        }
        // Otherwise only this nomination's tally and button, and the votes left, change: answer with just those.
        var badges = await members.BadgesAsync();
        // A secret ballot shows who voted for what only with the results; a vote's answer is always during voting.
        IReadOnlyList<MemberBadge> voters = rules.SecretBallot ? [] : result.VoterIds.Where(badges.ContainsKey).Select(v => badges[v]).ToList();
        var control = new VoteControl(id, result.Title, result.Tally, voters, ShowTally: true, CanVote: true, result.Voted, IsOwn: false)
        {
            NoVotesLeft = result.RemainingVotes == 0,
            Message = message,
            MessageIsError = message is not null,
        };
        return Partial("_VoteAnswer", new VoteAnswer(control, left, []));
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

    /// <summary>The week's state, tally and this member's ballot: what the vote controls need.</summary>
    private async Task LoadTallyAsync()
    {
        Rules = await settings.ReadAsync();
        State = await weeks.CurrentAsync();
        Tally = await results.TallyAsync(State.Week);
        Ballot = await votes.BallotAsync(MemberId);
    }

    /// <summary>Every nomination's vote control, without the cards and the rest of the page (a vote's answer is on the hot path).</summary>
    private async Task<IReadOnlyList<VoteControl>> VoteControlsAsync()
    {
        await LoadTallyAsync();
        var everyone = await members.BadgesAsync();
        return Tally.Ranked.Select(n => VoteControlFor(n, n.ProposedBy == MemberId, Ballot.VotedFor.Contains(n.Id),
            n.VoterIds.Where(everyone.ContainsKey).Select(v => everyone[v]).ToList())).ToList();
    }

    private async Task LoadAsync()
    {
        await LoadTallyAsync();
        TmdbConfigured = await tmdbCredentials.IsConfiguredAsync(HttpContext.RequestAborted);

        var everyone = await members.BadgesAsync();
        // Results rank the cards; before that they stay in nomination order so they don't jump as votes come in.
        var ordered = State.Phase == WeekPhase.Results ? Tally.Ranked : Tally.Ranked.OrderBy(n => n.ProposedAt).ThenBy(n => n.Id).ToList();
        var built = await cards.BuildAsync(ordered.Select(n => new MovieCards.Source(n.Title, n.Year, n.TmdbId, n.PosterPath, n.Rating, n.Overview,
            everyone.GetValueOrDefault(n.ProposedBy))).ToList());
        Nominations = ordered.Select((n, i) => new NominationView(n, built[i], n.ProposedBy == MemberId, Ballot.VotedFor.Contains(n.Id),
            n.VoterIds.Where(everyone.ContainsKey).Select(v => everyone[v]).ToList())).ToList();
        var active = (await members.ListAsync(includeInactive: false)).Select(m => new MemberBadge(m.Id, m.Name, m.Icon)).ToList();
        Progress = WeekProgress.For(State, Tally, active, Rules.SecretBallot);
    }

    /// <summary>During a secret ballot nobody sees who voted for what until the results; only the counts.</summary>
    public bool VotersHidden => Rules.SecretBallot && State.Phase == WeekPhase.Voting;

    public VoteControl VoteControlFor(NominationView view) => VoteControlFor(view.Nomination, view.IsMine, view.IVoted, view.Voters);

    private VoteControl VoteControlFor(TalliedNomination nomination, bool isMine, bool iVoted, IReadOnlyList<MemberBadge> voters)
    {
        var voting = State.Phase == WeekPhase.Voting && State.IsCurrent;
        var ownBarred = isMine && !Rules.SelfVoteAllowed;
        return new VoteControl(nomination.Id, nomination.Title, nomination.Votes, VotersHidden ? [] : voters,
            ShowTally: true, CanVote: voting && !ownBarred, iVoted, IsOwn: voting && ownBarred)
        {
            NoVotesLeft = voting && Ballot.RemainingVotes == 0,
            Message = NoticeFor == nomination.Id ? Notice : null,
            MessageIsError = NoticeIsError,
        };
    }

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
