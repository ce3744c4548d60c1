using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Tmdb;
using MovieNight.Web.Watchlist;
using MovieNight.Web.Http;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Pages.Watchlist;

/// <summary>The add/remove button beside a movie (cards, search results). OnList null: look it up.</summary>
public sealed record WatchlistButton(long? TmdbId, string Title, string? Year, bool? OnList = null, string? Message = null, bool IsError = false);

/// <summary>One movie of the list as the page shows it.</summary>
public sealed record WatchlistItem(WatchlistEntry Entry, string? PosterUrl, bool CanNominate, string? Message = null, bool IsError = false, bool Focus = false);

/// <summary>A movie taken off the list, with its Undo.</summary>
public sealed record WatchlistRemoved(long TmdbId, string Title, string Removal, string? Message = null);

/// <summary>A search hit to add (one by one, or ticked with others).</summary>
public sealed record WatchlistFound(WatchlistMovie Movie, string? PosterUrl, double? Rating, bool OnList);

/// <summary>
/// "My watchlist": the member's Trakt watchlist (or local list), sorted and filtered; add by search, remove
/// with Undo, several at once with progress, nominate from it, export it. Every write answers htmx with a
/// fragment and anything else with a redirect (post/redirect/get).
/// </summary>
[Authorize]
public sealed class IndexModel(
    WatchlistBook book, WatchlistBatches batches, WeekStore weeks, NominationBook nominations, TmdbClient tmdb, KnownMovies known,
    TmdbImages images, PageCache cache, TimeProvider time) : PageModel
{
    public const string Path = "/Watchlist";

    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Find { get; set; }
    [BindProperty(SupportsGet = true)] public string? Undo { get; set; }

    public WatchlistView View { get; private set; } = null!;
    public IReadOnlyList<WatchlistItem> Items { get; private set; } = [];
    public IReadOnlyList<WatchlistMovie> UndoMovies { get; private set; } = [];
    /// <summary>Movies on the MovieNight list from before the member linked Trakt.</summary>
    public int LocalLeft { get; private set; }
    public IReadOnlyList<WatchlistFound> Found { get; private set; } = [];
    public string? FindProblem { get; private set; }
    public string? NominationClosed { get; private set; }
    public string? Notice { get; private set; }
    public bool NoticeIsError { get; private set; }
    public long MemberId => User.MemberId()!.Value;
    public WatchlistSort SortBy => Enum.TryParse<WatchlistSort>(Sort, ignoreCase: true, out var s) ? s : WatchlistSort.Added;
    /// <summary>Newest first, A to Z, newest year first, best rated first, unless asked otherwise.</summary>
    public bool Descending => Dir is "asc" ? false : Dir is "desc" || SortBy != WatchlistSort.Title;

    public async Task<IActionResult> OnGetAsync()
    {
        Response.Headers.Vary = "HX-Request";
        Notice = this.TakeNotice();
        await LoadAsync();
        if (Find is { Length: >= 2 }) await FindAsync();
        return Request.IsHtmx() ? Partial("_Items", this) : Page();
    }

    /// <summary>Search to add: TMDB's results and movies the household looked at before.</summary>
    public async Task<IActionResult> OnGetFindAsync()
    {
        Response.Headers.Vary = "HX-Request";
        await FindAsync();
        return Partial("_Found", this);
    }

    private async Task FindAsync()
    {
        var query = Find?.Trim() ?? "";
        if (query.Length < 2) return;
        var onList = await book.IdsAsync(MemberId);
        var fromTmdb = await tmdb.SearchMoviesAsync(query, HttpContext.RequestAborted);
        FindProblem = fromTmdb.Succeeded || fromTmdb.Problem.Kind == TmdbProblemKind.NotConfigured ? null : fromTmdb.Problem.Message;
        var hits = (fromTmdb.Succeeded ? fromTmdb.Value.Take(10).Select(r => new WatchlistFound(
                new WatchlistMovie(r.TmdbId, r.Title, r.Year), images.PosterUrl(r.PosterPath, TmdbImages.PosterSmall), r.Rating, onList.Contains(r.TmdbId))) : [])
            .Concat((await known.SearchAsync(query)).Where(k => k.TmdbId is > 0).Select(k => new WatchlistFound(
                new WatchlistMovie(k.TmdbId!.Value, k.Title, int.TryParse(k.Year, out var y) ? y : null),
                images.PosterUrl(k.PosterPath, TmdbImages.PosterSmall), k.Rating, onList.Contains(k.TmdbId.Value))));
        Found = hits.DistinctBy(h => h.Movie.TmdbId).ToList();
    }

    public async Task<IActionResult> OnPostAddAsync(long? tmdbId, string? title, string? year, string? returnUrl)
    {
        if (WatchlistMovie.From(tmdbId, title, year) is not { } movie)
            return Answer(new WatchlistButton(tmdbId, title ?? "", year, false, "That is not a movie MovieNight can add (a TMDB id and a title are needed).", true), returnUrl);
        var change = await book.AddAsync(MemberId, [movie], cancellationToken: HttpContext.RequestAborted);
        if (change.Changed > 0) await cache.HouseholdChangedAsync();
        var message = change.Problem ?? (change.NotFound.Count > 0
            ? $"Trakt does not know “{movie.Title}” (TMDB id {movie.TmdbId}), so it could not go on your Trakt watchlist."
            : $"“{movie.Title}” is on your watchlist.");
        var onList = change.Succeeded && change.NotFound.Count == 0 || (await book.IdsAsync(MemberId)).Contains(movie.TmdbId);
        return Answer(new WatchlistButton(movie.TmdbId, movie.Title, movie.Year?.ToString(), onList, message, !change.Succeeded || change.NotFound.Count > 0), returnUrl);
    }

    /// <summary>From the list (<paramref name="from"/> "list": answers with the Undo row) or from a movie's button.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(long tmdbId, string? from, string? returnUrl)
    {
        var entry = (await book.ReadAsync(MemberId)).Entries.FirstOrDefault(e => e.TmdbId == tmdbId);
        var title = entry?.Title ?? "That movie";
        var change = entry is null ? new WatchlistChange(1, 0, [], null) : await book.RemoveAsync(MemberId, [tmdbId], cancellationToken: HttpContext.RequestAborted);
        if (change.Changed > 0) await cache.HouseholdChangedAsync();
        var message = change.Problem ?? (entry is null ? "That movie is not on your watchlist (any more)." : $"Removed “{title}” from your watchlist.");
        if (Request.IsHtmx() && from == "list")
        {
            if (change.Removal is { } removal) return Partial("_Removed", new WatchlistRemoved(tmdbId, title, removal));
            if (entry is null) return Partial("_Gone", tmdbId);
            await LoadAsync();
            return Partial("_Item", await ItemAsync(entry, message, isError: true));
        }
        if (Request.IsHtmx())
            return Partial("_Button", new WatchlistButton(tmdbId, title, entry?.Year?.ToString(), !change.Succeeded, message, !change.Succeeded));
        this.Tell(message);
        return from == "list" || !IsLocal(returnUrl) ? Redirect(ListUrl(change.Removal)) : Redirect(returnUrl!);
    }

    /// <summary>Puts back one movie of a removal (<paramref name="tmdbId"/>) or all of it.</summary>
    public async Task<IActionResult> OnPostUndoAsync(string? removal, long? tmdbId)
    {
        var change = await book.UndoAsync(MemberId, removal, tmdbId, cancellationToken: HttpContext.RequestAborted);
        if (change.Changed > 0) await cache.HouseholdChangedAsync();
        if (Request.IsHtmx() && tmdbId is { } id)
        {
            await LoadAsync();
            if (change.Succeeded && Items.FirstOrDefault(i => i.Entry.TmdbId == id) is { } item)
                return Partial("_Item", item with { Message = $"“{item.Entry.Title}” is back on your watchlist.", Focus = true });
            var removed = (await book.RemovedAsync(MemberId, removal, id)).FirstOrDefault();
            return removed is null ? Partial("_Gone", id) : Partial("_Removed", new WatchlistRemoved(id, removed.Title, removal!, change.Problem));
        }
        this.Tell(change.Problem ?? (change.Asked == 1 ? "The movie is back on your watchlist." : $"{change.Asked} movies are back on your watchlist."));
        return Redirect(ListUrl(change.Succeeded ? null : removal));
    }

    /// <summary>
    /// Adds (<paramref name="choices"/> from the search, "tmdbId:year:title") or removes (<paramref name="ids"/>) the ticked movies.
    /// htmx gets a progress bar while it runs; a plain post waits for the end and redirects.
    /// </summary>
    public async Task<IActionResult> OnPostSelectedAsync(string? act, List<string>? choices, List<long>? ids)
    {
        var adding = act == "add";
        var movies = adding ? (choices ?? []).Select(WatchlistMovie.FromChoice).OfType<WatchlistMovie>().DistinctBy(m => m.TmdbId).ToList() : [];
        var removing = adding ? [] : (ids ?? []).Distinct().ToList();
        var total = adding ? movies.Count : removing.Count;
        if (total == 0)
        {
            if (Request.IsHtmx()) return Partial("_Progress", new WatchlistBatch("", MemberId, "", 0));
            this.Tell(adding ? "Tick the movies to add first." : "Tick the movies to remove first.");
            return Redirect(ListUrl(null));
        }
        var memberId = MemberId;
        Func<Action<int>, CancellationToken, Task<WatchlistChange>> work = async (progress, stopping) =>
        {
            var change = adding ? await book.AddAsync(memberId, movies, progress, stopping) : await book.RemoveAsync(memberId, removing, progress, stopping);
            if (change.Changed > 0) await cache.HouseholdChangedAsync();
            return change;
        };
        if (Request.IsHtmx()) return Partial("_Progress", batches.Start(memberId, adding ? "Adding" : "Removing", total, work));
        var done = await work(_ => { }, HttpContext.RequestAborted);
        this.Tell(Summary(done, adding));
        return Redirect(ListUrl(done.Removal));
    }

    /// <summary>Polled by the progress bar; at the end the page reloads with the summary (and Undo for a removal).</summary>
    public IActionResult OnGetProgress(string? id)
    {
        if (batches.Find(MemberId, id) is not { } batch)
        {
            Response.HtmxRedirect(ListUrl(null));
            return new NoContentResult();
        }
        if (!batch.Finished) return Partial("_Progress", batch);
        this.Tell(Summary(batch.Result!, batch.Verb == "Adding"));
        Response.HtmxRedirect(ListUrl(batch.Result!.Removal));
        return new NoContentResult();
    }

    public static string Summary(WatchlistChange change, bool adding)
    {
        var verb = adding ? "Added" : "Removed";
        var summary = $"{verb} {change.Changed} of {change.Asked} {(change.Asked == 1 ? "movie" : "movies")}.";
        if (change.NotFound.Count > 0) summary += $" Trakt does not know {string.Join(", ", change.NotFound.Select(m => $"“{m.Title}”"))}.";
        return change.Problem is null ? summary : $"{summary} {change.Problem}";
    }

    public async Task<IActionResult> OnPostNominateAsync(long tmdbId)
    {
        await LoadAsync();
        var item = Items.FirstOrDefault(i => i.Entry.TmdbId == tmdbId);
        Refusal? refusal = null;
        string? title = item?.Entry.Title;
        if (item is null) refusal = new Refusal(RefusalReason.NotFound, "That movie is not on your watchlist (any more).");
        else
        {
            var e = item.Entry;
            var choice = new MovieChoice(e.Title, e.Year?.ToString(), e.TmdbId);
            // TMDB's details fill in the poster and overview, as nominating from the week page does; without them the list's title and year do.
            var details = e.TmdbId <= int.MaxValue ? await tmdb.GetMovieAsync((int)e.TmdbId, HttpContext.RequestAborted) : null;
            if (details is { Succeeded: true } d)
                choice = new MovieChoice(d.Value.Title, d.Value.Year?.ToString(), d.Value.TmdbId, d.Value.PosterPath, d.Value.BackdropPath,
                    d.Value.Overview, d.Value.Rating, d.Value.ImdbId);
            var result = await nominations.NominateAsync(MemberId, choice);
            refusal = result.Refusal;
            if (refusal is null)
            {
                await cache.HouseholdChangedAsync();
                title = choice.Title;
                NominationMessage = result.VotingOpened ? $"“{title}” is nominated. Everyone has nominated, so voting is open!" : $"“{title}” is nominated.";
            }
        }
        if (Request.IsHtmx()) return Partial("_Nominated", (tmdbId, refusal?.Message ?? NominationMessage!, refusal is not null));
        if (refusal is null)
        {
            this.Tell(NominationMessage!);
            return Redirect("/Week");
        }
        Items = Items.Select(i => i.Entry.TmdbId == tmdbId ? i with { Message = refusal.Message, IsError = true } : i).ToList();
        return Page();
    }

    private string? NominationMessage { get; set; }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        var view = await book.ReadAsync(MemberId, WatchlistSort.Added, descending: false);
        return Download(WatchlistExport.Csv(view.Entries), "text/csv; charset=utf-8", "csv");
    }

    public async Task<IActionResult> OnGetJsonAsync()
    {
        var view = await book.ReadAsync(MemberId, WatchlistSort.Added, descending: false);
        return Download(WatchlistExport.Json(User.Identity!.Name!, view.Source, time.GetUtcNow(), view.Entries), "application/json; charset=utf-8", "json");
    }

    private FileContentResult Download(byte[] content, string type, string extension)
    {
        MemberPagePolicy.DoNotStore(HttpContext);
        Response.Headers.CacheControl = "no-store";
        return File(content, type, WatchlistExport.FileName(User.Identity!.Name!, time.GetUtcNow(), extension));
    }

    private async Task LoadAsync()
    {
        View = await book.ReadAsync(MemberId, SortBy, Descending, Q);
        NominationClosed = (await weeks.CurrentAsync()).NominationClosedMessage;
        Items = View.Entries.Select(e => new WatchlistItem(e, images.PosterUrl(e.PosterPath, TmdbImages.PosterSmall), CanNominate)).ToList();
        UndoMovies = await book.RemovedAsync(MemberId, Undo);
        LocalLeft = (await book.LocalLeftAsync(MemberId)).Count;
    }

    public async Task<IActionResult> OnPostSendLocalAsync()
    {
        var change = await book.SendLocalToTraktAsync(MemberId, HttpContext.RequestAborted);
        if (change.Changed > 0) await cache.HouseholdChangedAsync();
        this.Tell(change.Asked == 0 ? "Your MovieNight watchlist is already at Trakt." : Summary(change, adding: true));
        return Redirect(Path);
    }

    private bool CanNominate => NominationClosed is null;

    private async Task<WatchlistItem> ItemAsync(WatchlistEntry entry, string? message, bool isError)
    {
        NominationClosed ??= (await weeks.CurrentAsync()).NominationClosedMessage;
        return new WatchlistItem(entry, images.PosterUrl(entry.PosterPath, TmdbImages.PosterSmall), NominationClosed is null, message, isError);
    }

    private IActionResult Answer(WatchlistButton button, string? returnUrl)
    {
        if (Request.IsHtmx()) return Partial("_Button", button);
        this.Tell(button.Message!);
        return Redirect(IsLocal(returnUrl) ? returnUrl! : ListUrl(null));
    }

    private bool IsLocal(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url);

    private static string ListUrl(string? removal) => removal is null ? Path : $"{Path}?undo={Uri.EscapeDataString(removal)}";

    /// <summary>The link that sorts by <paramref name="sort"/>, keeping the filter.</summary>
    public string SortUrl(WatchlistSort sort, bool descending) =>
        $"{Path}?sort={sort.ToString().ToLowerInvariant()}&dir={(descending ? "desc" : "asc")}{(string.IsNullOrWhiteSpace(Q) ? "" : $"&q={Uri.EscapeDataString(Q)}")}";
}
