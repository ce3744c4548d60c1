using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MovieNight.Tests.Fakes;

// api.trakt.tv: users, the movie catalogue, /users/settings, /sync/last_activities, history, ratings and watchlist.
public sealed partial class FakeTraktServer
{
    private readonly Dictionary<string, FakeTraktUser> users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, FakeTraktMovie> byTmdb = [];
    private readonly Dictionary<long, FakeTraktMovie> byTrakt = [];
    private readonly Dictionary<string, FakeTraktMovie> byImdb = new(StringComparer.OrdinalIgnoreCase), bySlug = new(StringComparer.OrdinalIgnoreCase);
    private long nextTraktId = 100_000, nextId = 10_000_000_000;

    /// <summary>Answer status of POST /sync/history, /sync/ratings, /sync/watchlist: 201 as documented (the 2026 contract says 200).</summary>
    public int SyncAddStatus { get; set; } = 201;

    public FakeTraktUser AddUser(string username, bool vip = true)
    {
        lock (Gate)
        {
            if (users.ContainsKey(username)) throw new InvalidOperationException($"Trakt user {username} exists");
            return users[username] = new FakeTraktUser(this, username, vip);
        }
    }

    public FakeTraktUser? FindUser(string username)
    {
        lock (Gate) return users.GetValueOrDefault(username);
    }

    public IReadOnlyList<FakeTraktUser> Users { get { lock (Gate) return users.Values.ToArray(); } }

    /// <summary>Adds a movie Trakt knows (FakeTmdbServer's catalogue is there from the start); returns the existing one for a known TMDB id.</summary>
    public FakeTraktMovie AddMovie(int tmdbId, string title, int? year, string? imdbId = null)
    {
        lock (Gate)
        {
            if (byTmdb.TryGetValue(tmdbId, out var known)) return known;
            var slug = Slugify(year is null ? title : $"{title} {year}");
            if (bySlug.ContainsKey(slug)) slug = $"{slug}-{tmdbId}";
            var movie = new FakeTraktMovie(++nextTraktId, slug, title, year, imdbId, tmdbId);
            byTmdb[tmdbId] = byTrakt[movie.TraktId] = bySlug[slug] = movie;
            if (imdbId is not null) byImdb[imdbId] = movie;
            return movie;
        }
    }

    public FakeTraktMovie? FindMovie(int tmdbId)
    {
        lock (Gate) return byTmdb.GetValueOrDefault(tmdbId);
    }

    internal long NextId() => Interlocked.Increment(ref nextId);

    /// <summary>An activity timestamp: now (fake clock, to the millisecond), but always after the previous one.</summary>
    internal DateTimeOffset Bump(DateTimeOffset previous)
    {
        var now = Time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        return now > previous ? now : previous.AddMilliseconds(1);
    }

    internal static string Slugify(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        return slug.ToString().TrimEnd('-');
    }

    private static object MovieJson(FakeTraktMovie m) => new
    {
        title = m.Title, year = m.Year,
        ids = new { trakt = m.TraktId, slug = m.Slug, imdb = m.ImdbId, tmdb = m.TmdbId, plex = new { guid = (string?)null, slug = m.Slug } },
    };

    private IResult Settings(ApiCall call)
    {
        var u = call.User;
        return Results.Json(new
        {
            user = new
            {
                username = u.Username, @private = false, deleted = false, name = u.Name, vip = u.Vip, vip_ep = false, vip_og = false,
                vip_years = u.Vip ? 1 : 0, director = false, ids = new { slug = u.Slug, uuid = u.Uuid },
                joined_at = Iso(u.JoinedAt), location = u.Location, about = (string?)null, gender = (string?)null, age = (int?)null,
                images = new { avatar = new { full = $"https://walter-r2.trakt.tv/images/users/{u.Slug}/avatars/large.jpg" } },
                vip_cover_image = (string?)null,
            },
            account = new { timezone = u.Timezone, date_format = "dd/mm/yy", time_24hr = true, cover_image = (string?)null, display_ads = !u.Vip },
            connections = new { facebook = false, twitter = false, mastodon = false, google = false, tumblr = false, medium = false, slack = false, apple = false, dropbox = false, microsoft = false },
            sharing_text = new { watching = "I'm watching [item]", watched = "I just watched [item]", rated = "[item] [stars]" },
            limits = new
            {
                list = new { count = u.Vip ? 1000 : 2, item_count = u.Vip ? 5000 : 100 },
                watchlist = new { item_count = u.WatchlistLimit },
                favorites = new { item_count = u.Vip ? 500 : 50 },
                recommendations = new { item_count = u.Vip ? 500 : 50 },
                collection = new { item_count = u.Vip ? 100000 : 1000 },
                notes = new { item_count = u.Vip ? 5000 : 100 },
            },
            permissions = new { commenting = true, liking = true, following = true },
        });
    }

    private IResult LastActivities(ApiCall call)
    {
        var u = call.User;
        string b = Iso(u.Baseline), watched = Iso(u.MoviesWatchedAt), rated = Iso(u.MoviesRatedAt), watchlisted = Iso(u.MoviesWatchlistedAt);
        var all = new[] { u.Baseline, u.MoviesWatchedAt, u.MoviesRatedAt, u.MoviesWatchlistedAt, u.WatchlistUpdatedAt, u.SettingsAt }.Max();
        return Results.Json(new
        {
            all = Iso(all),
            movies = new { watched_at = watched, collected_at = b, rated_at = rated, watchlisted_at = watchlisted, favorited_at = b, commented_at = b, paused_at = b, hidden_at = b },
            episodes = new { watched_at = b, collected_at = b, rated_at = b, watchlisted_at = b, commented_at = b, paused_at = b },
            shows = new { rated_at = b, watchlisted_at = b, favorited_at = b, commented_at = b, hidden_at = b, dropped_at = b },
            seasons = new { rated_at = b, watchlisted_at = b, commented_at = b, hidden_at = b },
            comments = new { liked_at = b, blocked_at = b },
            lists = new { liked_at = b, updated_at = b, commented_at = b },
            watchlist = new { updated_at = Iso(u.WatchlistUpdatedAt) },
            favorites = new { updated_at = b },
            recommendations = new { updated_at = b },
            collaborations = new { updated_at = b },
            account = new { settings_at = Iso(u.SettingsAt), followed_at = b, following_at = b, pending_at = b, requested_at = b },
            saved_filters = new { updated_at = b },
            notes = new { updated_at = b },
        });
    }

    /// <summary>Forced pagination: page from 1, limit default 10 clamped to 250, the four X-Pagination headers.</summary>
    private static IResult Page<T>(IReadOnlyList<T> items, IQueryCollection query, Func<T, object> shape, params (string, string)[] extra)
    {
        var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) && l >= 1 ? Math.Min(l, MaxPageLimit) : DefaultPageLimit;
        var pageCount = Math.Max(1, (items.Count + limit - 1) / limit);
        var slice = items.Skip((int)Math.Min(int.MaxValue, (page - 1L) * limit)).Take(limit).Select(shape).ToList();
        return new WithHeaders(Results.Json(slice),
        [
            ("X-Pagination-Page", Invariant(page)), ("X-Pagination-Limit", Invariant(limit)),
            ("X-Pagination-Page-Count", Invariant(pageCount)), ("X-Pagination-Item-Count", Invariant(items.Count)), .. extra,
        ]);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private IResult History(ApiCall call)
    {
        var start = ParseTime(call.Query["start_at"]);
        var end = ParseTime(call.Query["end_at"]);
        var plays = call.User.PlayList
            .Where(p => (start is null || p.WatchedAt >= start) && (end is null || p.WatchedAt <= end))
            .OrderByDescending(p => p.WatchedAt).ThenByDescending(p => p.Id).ToList();
        return Page(plays, call.Query, p => new { id = p.Id, watched_at = Iso(p.WatchedAt), action = p.Action, type = "movie", movie = MovieJson(p.Movie) });
    }

    private IResult Ratings(ApiCall call) =>
        Page(call.User.RatingList.OrderByDescending(r => r.RatedAt).ToList(), call.Query,
            r => new { rated_at = Iso(r.RatedAt), rating = r.Rating, type = "movie", movie = MovieJson(r.Movie) });

    private IResult Watchlist(ApiCall call)
    {
        var sortBy = call.Segments.Length > 4 ? call.Segments[4] : "rank";
        var sortHow = call.Segments.Length > 5 ? call.Segments[5] : sortBy == "added" ? "desc" : "asc";
        var ranked = call.User.WatchlistItems.Select((item, index) => (Rank: index + 1, Item: item));
        Func<(int Rank, FakeTraktWatchlistItem Item), object> key = sortBy switch
        {
            "added" => x => x.Item.ListedAt,
            "title" => x => x.Item.Movie.Title,
            "released" => x => x.Item.Movie.Year ?? 0,
            _ => x => x.Rank,
        };
        var sorted = (sortHow == "desc" ? ranked.OrderByDescending(key) : ranked.OrderBy(key)).ToList();
        return Page(sorted, call.Query,
            x => new { rank = x.Rank, id = x.Item.Id, listed_at = Iso(x.Item.ListedAt), notes = x.Item.Notes, type = "movie", movie = MovieJson(x.Item.Movie) },
            ("X-Sort-By", sortBy), ("X-Sort-How", sortHow));
    }

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>The movie an item names: ids in the order trakt, imdb, tmdb, slug; else exact title and year.</summary>
    private FakeTraktMovie? Match(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        if (item.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Object)
        {
            if (ids.TryGetProperty("trakt", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var trakt) && byTrakt.TryGetValue(trakt, out var m)) return m;
            if (ids.TryGetProperty("imdb", out var i) && i.ValueKind == JsonValueKind.String && byImdb.TryGetValue(i.GetString()!, out m)) return m;
            if (ids.TryGetProperty("tmdb", out var d) && d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var tmdb) && byTmdb.TryGetValue(tmdb, out m)) return m;
            if (ids.TryGetProperty("slug", out var s) && s.ValueKind == JsonValueKind.String && bySlug.TryGetValue(s.GetString()!, out m)) return m;
            return null;
        }
        if (item.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
        {
            int? year = item.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number && y.TryGetInt32(out var yy) ? yy : null;
            return byTmdb.Values.FirstOrDefault(m => m.Title == title.GetString() && (year is null || m.Year == year));
        }
        return null;
    }

    private static IEnumerable<JsonElement> Movies(JsonElement body) =>
        body.TryGetProperty("movies", out var movies) && movies.ValueKind == JsonValueKind.Array ? movies.EnumerateArray() : [];

    private static object NotFound(List<JsonElement> movies, List<JsonElement>? ids = null) => ids is null
        ? new { movies, shows = Array.Empty<object>(), seasons = Array.Empty<object>(), episodes = Array.Empty<object>(), people = Array.Empty<object>() }
        : new { movies, shows = Array.Empty<object>(), seasons = Array.Empty<object>(), episodes = Array.Empty<object>(), people = Array.Empty<object>(), ids };

    private static object Counts(int movies) => new { movies, shows = 0, seasons = 0, episodes = 0 };

    private IResult AddHistory(ApiCall call)
    {
        List<JsonElement> notFound = [];
        var added = 0;
        foreach (var item in Movies(call.Body))
        {
            var movie = Match(item);
            DateTimeOffset? watchedAt = null;
            if (movie is not null)
            {
                if (!item.TryGetProperty("watched_at", out var w) || w.ValueKind == JsonValueKind.Null) watchedAt = Time.GetUtcNow();
                else if (w.ValueKind == JsonValueKind.String)
                    watchedAt = w.GetString() == "released" ? new DateTimeOffset(movie.Year ?? 1970, 1, 1, 0, 0, 0, TimeSpan.Zero) : ParseTime(w.GetString());
            }
            if (movie is null || watchedAt is null)
            {
                notFound.Add(item);
                continue;
            }
            call.User.AddPlay(movie, watchedAt.Value, "watch"); // no de-duplication, as Trakt
            added++;
        }
        return Results.Json(new { added = new { movies = added, episodes = 0 }, not_found = NotFound(notFound) }, statusCode: SyncAddStatus);
    }

    private IResult RemoveHistory(ApiCall call)
    {
        var user = call.User;
        List<JsonElement> notFound = [], idsNotFound = [];
        var deleted = 0;
        foreach (var item in Movies(call.Body))
        {
            if (Match(item) is { } movie) deleted += user.PlayList.RemoveAll(p => p.Movie.TmdbId == movie.TmdbId);
            else notFound.Add(item);
        }
        if (call.Body.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var historyId) && user.PlayList.RemoveAll(p => p.Id == historyId) > 0) deleted++;
                else idsNotFound.Add(id);
            }
        if (deleted > 0) user.MoviesWatchedAt = Bump(user.MoviesWatchedAt);
        return Results.Json(new { deleted = new { movies = deleted, episodes = 0 }, not_found = NotFound(notFound, idsNotFound) });
    }

    private IResult AddRatings(ApiCall call)
    {
        List<JsonElement> notFound = [];
        var added = 0;
        foreach (var item in Movies(call.Body))
        {
            var movie = Match(item);
            var rating = movie is not null && item.TryGetProperty("rating", out var r) && r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var value) ? value : 0;
            DateTimeOffset? ratedAt = movie is not null && item.TryGetProperty("rated_at", out var at) && at.ValueKind == JsonValueKind.String ? ParseTime(at.GetString()) : null;
            if (movie is null || rating is < 1 or > 10)
            {
                notFound.Add(item);
                continue;
            }
            call.User.AddRating(movie, rating, ratedAt);
            added++;
        }
        return Results.Json(new { added = Counts(added), not_found = NotFound(notFound) }, statusCode: SyncAddStatus);
    }

    private IResult RemoveRatings(ApiCall call)
    {
        List<JsonElement> notFound = [];
        var deleted = 0;
        foreach (var item in Movies(call.Body))
        {
            if (Match(item) is { } movie) deleted += call.User.RatingList.RemoveAll(x => x.Movie.TmdbId == movie.TmdbId);
            else notFound.Add(item);
        }
        if (deleted > 0) call.User.MoviesRatedAt = Bump(call.User.MoviesRatedAt);
        return Results.Json(new { deleted = Counts(deleted), not_found = NotFound(notFound) });
    }

    private IResult AddWatchlist(ApiCall call)
    {
        var user = call.User;
        List<JsonElement> notFound = [];
        List<(FakeTraktMovie Movie, string? Notes)> fresh = [];
        var existing = 0;
        foreach (var item in Movies(call.Body))
        {
            if (Match(item) is not { } movie) notFound.Add(item);
            else if (user.WatchlistItems.Any(w => w.Movie.TmdbId == movie.TmdbId) || fresh.Any(f => f.Movie == movie)) existing++;
            else fresh.Add((movie, item.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null));
        }
        if (fresh.Count > 0 && user.WatchlistItems.Count + fresh.Count > user.WatchlistLimit) return AccountLimit(user.WatchlistLimit, user.Vip);
        var now = Time.GetUtcNow();
        foreach (var (movie, notes) in fresh) user.WatchlistItems.Add(new FakeTraktWatchlistItem(NextId(), movie, now, notes));
        if (fresh.Count > 0) user.TouchWatchlist();
        return Results.Json(new
        {
            added = Counts(fresh.Count), existing = Counts(existing), not_found = NotFound(notFound),
            list = new { updated_at = Iso(user.WatchlistUpdatedAt), item_count = user.WatchlistItems.Count },
        }, statusCode: SyncAddStatus);
    }

    private IResult RemoveWatchlist(ApiCall call)
    {
        var user = call.User;
        List<JsonElement> notFound = [];
        var deleted = 0;
        foreach (var item in Movies(call.Body))
        {
            if (Match(item) is { } movie) deleted += user.WatchlistItems.RemoveAll(w => w.Movie.TmdbId == movie.TmdbId);
            else notFound.Add(item);
        }
        if (deleted > 0) user.TouchWatchlist();
        return Results.Json(new
        {
            deleted = Counts(deleted), not_found = NotFound(notFound),
            list = new { updated_at = Iso(user.WatchlistUpdatedAt), item_count = user.WatchlistItems.Count },
        });
    }
}
