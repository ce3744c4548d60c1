using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Trakt;

namespace MovieNight.Web.Watchlist;

/// <summary>
/// A member's watchlist: their Trakt watchlist when they linked Trakt (trakt_watchlist, changed at Trakt
/// first and here only once Trakt acknowledged), else the local one (watchlist). Writes go to Trakt in
/// POSTs of at most <see cref="ChunkSize"/> movies; TraktClient paces them to one a second per member.
/// </summary>
public sealed partial class WatchlistBook(Db db, TraktClient trakt, TraktTokens tokens, TimeProvider time)
{
    public const int ChunkSize = 100;
    private static readonly TimeSpan UndoKept = TimeSpan.FromDays(1);

    public async Task<WatchlistSource> SourceAsync(long memberId) =>
        await tokens.CurrentLinkAsync(memberId) is not null ? WatchlistSource.Trakt : WatchlistSource.Local;

    public async Task<WatchlistView> ReadAsync(long memberId, WatchlistSort sort = WatchlistSort.Added, bool descending = true, string? filter = null)
    {
        var link = await tokens.CurrentLinkAsync(memberId);
        var source = link is null ? WatchlistSource.Local : WatchlistSource.Trakt;
        var all = await EntriesAsync(memberId, source);
        var text = filter?.Trim() ?? "";
        IEnumerable<WatchlistEntry> shown = text.Length == 0 ? all
            : all.Where(e => e.Title.Contains(text, StringComparison.CurrentCultureIgnoreCase) || e.Year?.ToString() == text);
        // Unknown values (no year, no rating) go last whichever way the list runs.
        shown = sort switch
        {
            WatchlistSort.Title => descending ? shown.OrderByDescending(e => e.Title, StringComparer.CurrentCultureIgnoreCase) : shown.OrderBy(e => e.Title, StringComparer.CurrentCultureIgnoreCase),
            WatchlistSort.Year => Order(shown, e => e.Year, descending),
            WatchlistSort.Rating => Order(shown, e => e.Rating, descending),
            _ => Order(shown, e => e.ListedAt, descending),
        };
        var relink = link is { NeedsRelink: true } ? $"{link.RelinkReason} Until then this list is as Trakt last sent it and cannot change." : null;
        return new WatchlistView(source, relink, shown.ToList(), all.Count);
    }

    private static IEnumerable<WatchlistEntry> Order<T>(IEnumerable<WatchlistEntry> entries, Func<WatchlistEntry, T?> key, bool descending) where T : struct =>
        descending
            ? entries.OrderBy(e => key(e) is null).ThenByDescending(key).ThenBy(e => e.Title, StringComparer.CurrentCultureIgnoreCase)
            : entries.OrderBy(e => key(e) is null).ThenBy(key).ThenBy(e => e.Title, StringComparer.CurrentCultureIgnoreCase);

    private async Task<IReadOnlyList<WatchlistEntry>> EntriesAsync(long memberId, WatchlistSource source)
    {
        await using var connection = db.OpenConnection();
        var rows = await connection.QueryAsync<(long TmdbId, string Title, long? Year, string? ListedAt, double? Rating, string? PosterPath)>($"""
            SELECT w.tmdb_id, coalesce(m.title, w.title), coalesce(w.year, m.year), w.listed_at, m.rating, m.poster_path
            FROM {Table(source)} w LEFT JOIN movies m ON m.tmdb_id = w.tmdb_id
            WHERE w.user_id = @memberId
            """, new { memberId });
        return rows.Select(r => new WatchlistEntry(r.TmdbId, r.Title, (int?)r.Year, r.ListedAt is { } at ? SqliteTime.Parse(at) : null,
            r.Rating is > 0 ? r.Rating : null, r.PosterPath)).ToList();
    }

    /// <summary>The TMDB ids on the member's list (for the add/remove buttons on movie cards).</summary>
    public async Task<IReadOnlySet<long>> IdsAsync(long memberId)
    {
        var source = await SourceAsync(memberId);
        await using var connection = db.OpenConnection();
        return (await connection.QueryAsync<long>($"SELECT tmdb_id FROM {Table(source)} WHERE user_id = @memberId", new { memberId })).ToHashSet();
    }

    public async Task<WatchlistChange> AddAsync(long memberId, IReadOnlyList<WatchlistMovie> movies, Action<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        movies = movies.DistinctBy(m => m.TmdbId).ToList();
        if (await SourceAsync(memberId) == WatchlistSource.Local)
        {
            var now = SqliteTime.ToText(time.GetUtcNow());
            await using var connection = db.OpenConnection();
            await using var transaction = connection.BeginTransaction();
            var added = 0;
            foreach (var m in movies)
                added += await connection.ExecuteAsync("""
                    INSERT INTO watchlist (user_id, tmdb_id, title, year, listed_at) VALUES (@memberId, @TmdbId, @Title, @Year, @listedAt)
                    ON CONFLICT DO NOTHING
                    """, new { memberId, m.TmdbId, m.Title, m.Year, listedAt = m.ListedAt is { } at ? SqliteTime.ToText(at) : now }, transaction);
            await ForgetRemovedAsync(connection, transaction, memberId, movies.Select(m => m.TmdbId));
            await transaction.CommitAsync();
            progress?.Invoke(movies.Count);
            return new WatchlistChange(movies.Count, added, [], null);
        }

        var done = 0;
        var changed = 0;
        List<WatchlistMovie> notFound = [];
        foreach (var chunk in movies.Chunk(ChunkSize))
        {
            var answer = await trakt.PostAsync<WatchlistAnswer>(memberId, "sync/watchlist",
                new { movies = chunk.Select(m => new { ids = new { tmdb = m.TmdbId } }) }, cancellationToken);
            if (!answer.Succeeded)
                return new WatchlistChange(movies.Count, changed, notFound, await DescribeAsync(memberId, answer.Problem, "added", done, cancellationToken));
            var missing = answer.Value.NotFoundTmdbIds();
            var acknowledged = chunk.Where(m => !missing.Contains(m.TmdbId)).ToList();
            notFound.AddRange(chunk.Where(m => missing.Contains(m.TmdbId)));
            var now = SqliteTime.ToText(time.GetUtcNow());
            await using (var connection = db.OpenConnection())
            await using (var transaction = connection.BeginTransaction())
            {
                foreach (var m in acknowledged)
                    changed += await connection.ExecuteAsync("""
                        INSERT INTO trakt_watchlist (user_id, tmdb_id, title, year, listed_at) VALUES (@memberId, @TmdbId, @Title, @Year, @listedAt)
                        ON CONFLICT DO NOTHING
                        """, new { memberId, m.TmdbId, m.Title, m.Year, listedAt = m.ListedAt is { } at ? SqliteTime.ToText(at) : now }, transaction);
                await ForgetRemovedAsync(connection, transaction, memberId, acknowledged.Select(m => m.TmdbId));
                await transaction.CommitAsync();
            }
            done += chunk.Length;
            progress?.Invoke(done);
        }
        return new WatchlistChange(movies.Count, changed, notFound, null);
    }

    /// <summary>Movies left on the local list from before the member linked Trakt.</summary>
    public async Task<IReadOnlyList<WatchlistMovie>> LocalLeftAsync(long memberId)
    {
        if (await SourceAsync(memberId) == WatchlistSource.Local) return [];
        await using var connection = db.OpenConnection();
        var rows = await connection.QueryAsync<(long TmdbId, string Title, long? Year, string ListedAt)>(
            "SELECT tmdb_id, title, year, listed_at FROM watchlist WHERE user_id = @memberId ORDER BY listed_at", new { memberId });
        return rows.Select(r => new WatchlistMovie(r.TmdbId, r.Title, (int?)r.Year, SqliteTime.Parse(r.ListedAt))).ToList();
    }

    /// <summary>Sends the local list to Trakt; each movie Trakt acknowledged leaves the local list.</summary>
    public async Task<WatchlistChange> SendLocalToTraktAsync(long memberId, CancellationToken cancellationToken = default)
    {
        var local = await LocalLeftAsync(memberId);
        if (local.Count == 0) return new WatchlistChange(0, 0, [], null);
        var change = await AddAsync(memberId, local, cancellationToken: cancellationToken);
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("""
            DELETE FROM watchlist WHERE user_id = @memberId AND tmdb_id IN (SELECT tmdb_id FROM trakt_watchlist WHERE user_id = @memberId)
            """, new { memberId });
        return change;
    }

    /// <summary>Removes the movies; they are kept a day for Undo under the returned change's Removal.</summary>
    public async Task<WatchlistChange> RemoveAsync(long memberId, IReadOnlyList<long> tmdbIds, Action<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var source = await SourceAsync(memberId);
        var removal = Guid.NewGuid().ToString("N")[..12];
        var listed = (await EntriesAsync(memberId, source)).ToDictionary(e => e.TmdbId);
        var asked = tmdbIds.Distinct().ToList();
        var entries = asked.Where(listed.ContainsKey).Select(id => listed[id]).ToList();
        var done = 0;
        var changed = 0;
        foreach (var chunk in entries.Chunk(source == WatchlistSource.Local ? int.MaxValue : ChunkSize))
        {
            if (source == WatchlistSource.Trakt)
            {
                var answer = await trakt.PostAsync<WatchlistAnswer>(memberId, "sync/watchlist/remove",
                    new { movies = chunk.Select(e => new { ids = new { tmdb = e.TmdbId } }) }, cancellationToken);
                if (!answer.Succeeded)
                    return new WatchlistChange(asked.Count, changed, [], await DescribeAsync(memberId, answer.Problem, "removed", done, cancellationToken),
                        changed > 0 ? removal : null);
                // A movie Trakt does not find on the list is not on it: it goes here too.
            }
            changed += await ForgetAsync(memberId, source, chunk, removal);
            done += chunk.Length;
            progress?.Invoke(done);
        }
        return new WatchlistChange(asked.Count, changed, [], null, changed > 0 ? removal : null);
    }

    private async Task<int> ForgetAsync(long memberId, WatchlistSource source, IReadOnlyList<WatchlistEntry> entries, string removal)
    {
        var now = time.GetUtcNow();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync("DELETE FROM watchlist_removed WHERE user_id = @memberId AND removed_at < @before",
            new { memberId, before = SqliteTime.ToText(now - UndoKept) }, transaction);
        var changed = 0;
        foreach (var e in entries)
        {
            await connection.ExecuteAsync("""
                INSERT INTO watchlist_removed (user_id, tmdb_id, title, year, listed_at, removal, removed_at)
                VALUES (@memberId, @TmdbId, @Title, @Year, @listedAt, @removal, @now)
                ON CONFLICT (user_id, tmdb_id) DO UPDATE SET title = excluded.title, year = excluded.year, listed_at = excluded.listed_at,
                    removal = excluded.removal, removed_at = excluded.removed_at
                """, new { memberId, e.TmdbId, e.Title, e.Year, listedAt = e.ListedAt is { } at ? SqliteTime.ToText(at) : null, removal, now = SqliteTime.ToText(now) },
                transaction);
            changed += await connection.ExecuteAsync($"DELETE FROM {Table(source)} WHERE user_id = @memberId AND tmdb_id = @TmdbId", new { memberId, e.TmdbId }, transaction);
        }
        await transaction.CommitAsync();
        return changed;
    }

    /// <summary>The movies of a removal that are still waiting for Undo.</summary>
    public async Task<IReadOnlyList<WatchlistMovie>> RemovedAsync(long memberId, string? removal, long? tmdbId = null)
    {
        if (string.IsNullOrEmpty(removal)) return [];
        await using var connection = db.OpenConnection();
        var rows = await connection.QueryAsync<(long TmdbId, string Title, long? Year, string? ListedAt)>("""
            SELECT tmdb_id, title, year, listed_at FROM watchlist_removed
            WHERE user_id = @memberId AND removal = @removal AND (@tmdbId IS NULL OR tmdb_id = @tmdbId) AND removed_at >= @since
            ORDER BY title
            """, new { memberId, removal, tmdbId, since = SqliteTime.ToText(time.GetUtcNow() - UndoKept) });
        return rows.Select(r => new WatchlistMovie(r.TmdbId, r.Title, (int?)r.Year, r.ListedAt is { } at ? SqliteTime.Parse(at) : null)).ToList();
    }

    /// <summary>Puts back what a removal took (or one movie of it), with the date each was first listed.</summary>
    public async Task<WatchlistChange> UndoAsync(long memberId, string? removal, long? tmdbId = null, Action<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var removed = await RemovedAsync(memberId, removal, tmdbId);
        if (removed.Count == 0) return new WatchlistChange(0, 0, [], "There is nothing to undo: that removal is more than a day old or was undone already.");
        return await AddAsync(memberId, removed, progress, cancellationToken);
    }

    private static async Task ForgetRemovedAsync(SqliteConnection connection, SqliteTransaction transaction, long memberId, IEnumerable<long> tmdbIds)
    {
        foreach (var id in tmdbIds)
            await connection.ExecuteAsync("DELETE FROM watchlist_removed WHERE user_id = @memberId AND tmdb_id = @id", new { memberId, id }, transaction);
    }

    /// <summary>A Trakt problem in the watchlist's words; a full free watchlist says Trakt's limit.</summary>
    private async Task<string> DescribeAsync(long memberId, TraktProblem problem, string verb, int done, CancellationToken cancellationToken)
    {
        var message = problem.Kind switch
        {
            TraktProblemKind.AccountLimit => await FullMessageAsync(memberId, problem, cancellationToken),
            TraktProblemKind.WriteUnconfirmed or TraktProblemKind.Unavailable =>
                "Trakt is not answering right now, so your watchlist was not changed; try again in a few minutes. (If Trakt did make the change, the next sync shows it.)",
            _ => problem.Message,
        };
        return done > 0 ? $"{done} {(done == 1 ? "movie was" : "movies were")} {verb} before Trakt stopped: {message}" : message;
    }

    private async Task<string> FullMessageAsync(long memberId, TraktProblem problem, CancellationToken cancellationToken)
    {
        // TraktProblem carries X-Account-Limit only in its message; users/settings says the limit and the account kind.
        int? limit = null;
        bool? vip = null;
        var settings = await trakt.GetUserSettingsAsync(memberId, cancellationToken);
        if (settings.Succeeded)
        {
            limit = settings.Value.Limits?.Watchlist?.ItemCount;
            vip = settings.Value.User?.Vip;
        }
        if (limit is null && LimitInMessage().Match(problem.Message) is { Success: true } match) limit = int.Parse(match.Groups[1].Value);
        vip ??= !problem.Message.Contains("free account", StringComparison.OrdinalIgnoreCase);
        var size = limit is null ? "" : $"{limit} items, ";
        var kind = vip == true ? "VIP" : "free";
        // Trakt refuses a whole POST that would go over: with room left, say how much.
        if (limit is { } most && await CountAsync(memberId) is var count && count < most)
            return $"Your Trakt watchlist has room for only {most - count} more {(most - count == 1 ? "movie" : "movies")} ({size}Trakt's limit for {kind} accounts). Pick fewer, or remove some first.";
        return vip == true
            ? $"Your Trakt watchlist is full ({size}Trakt's limit for VIP accounts). Remove some movies to add more."
            : $"Your Trakt watchlist is full ({size}Trakt's limit for free accounts). Remove some movies, or upgrade to Trakt VIP for a longer list.";
    }

    private async Task<long> CountAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM trakt_watchlist WHERE user_id = @memberId", new { memberId });
    }

    [GeneratedRegex(@"\((\d+)\)")]
    private static partial Regex LimitInMessage();

    private static string Table(WatchlistSource source) => source == WatchlistSource.Trakt ? "trakt_watchlist" : "watchlist";

    /// <summary>POST /sync/watchlist and /sync/watchlist/remove answers; only not_found matters here.</summary>
    internal sealed record WatchlistAnswer(TraktSyncJson.NotFound? NotFound)
    {
        public HashSet<long> NotFoundTmdbIds() =>
            (NotFound?.Movies ?? []).Select(m => (long?)m.Ids?.Tmdb).Where(id => id is not null).Select(id => id!.Value).ToHashSet();
    }
}
