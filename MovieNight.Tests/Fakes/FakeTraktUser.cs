namespace MovieNight.Tests.Fakes;

/// <summary>A movie Trakt knows. Trakt ids are the fake's own (from 100001), not Trakt's real ones.</summary>
public sealed record FakeTraktMovie(long TraktId, string Slug, string Title, int? Year, string? ImdbId, int TmdbId);

/// <summary>One play in a user's history; <see cref="Id"/> is beyond int32, as Trakt's history ids are.</summary>
public sealed record FakeTraktPlay(long Id, FakeTraktMovie Movie, DateTimeOffset WatchedAt, string Action);

public sealed record FakeTraktRating(FakeTraktMovie Movie, int Rating, DateTimeOffset RatedAt);

/// <summary>A watchlist entry; its rank is its position (from 1) in insertion order.</summary>
public sealed record FakeTraktWatchlistItem(long Id, FakeTraktMovie Movie, DateTimeOffset ListedAt, string? Notes);

/// <summary>
/// A Trakt account and its movie data. Seeding methods act as the user would on trakt.tv: they bump the matching
/// last_activities timestamp (fake clock, and always later than the previous value). Thread-safe (the server's lock).
/// </summary>
public sealed class FakeTraktUser
{
    private readonly FakeTraktServer server;
    internal readonly List<FakeTraktPlay> PlayList = [];
    internal readonly List<FakeTraktRating> RatingList = [];
    internal readonly List<FakeTraktWatchlistItem> WatchlistItems = [];
    private volatile bool vip;

    internal FakeTraktUser(FakeTraktServer server, string username, bool vip)
    {
        this.server = server;
        Username = username;
        Slug = FakeTraktServer.Slugify(username);
        Name = username;
        this.vip = vip;
        JoinedAt = server.Time.GetUtcNow().AddDays(-400);
        Baseline = MoviesWatchedAt = MoviesRatedAt = MoviesWatchlistedAt = WatchlistUpdatedAt = SettingsAt = JoinedAt;
    }

    public string Username { get; }
    public string Slug { get; }
    public string Name { get; set; }
    public bool Vip { get => vip; set => vip = value; }
    public string Timezone { get; set; } = "Europe/London";
    public string? Location { get; set; } = "London";
    public DateTimeOffset JoinedAt { get; }
    public string Uuid { get; } = Guid.NewGuid().ToString();

    /// <summary>Trakt's watchlist limit: 5000 for VIP, 250 for free accounts (2026).</summary>
    public int WatchlistLimit => Vip ? 5000 : 250;

    /// <summary>Accepted refreshes of this user's tokens.</summary>
    public int RefreshCount { get; internal set; }

    internal DateTimeOffset Baseline, MoviesWatchedAt, MoviesRatedAt, MoviesWatchlistedAt, WatchlistUpdatedAt, SettingsAt;

    public IReadOnlyList<FakeTraktPlay> Plays { get { lock (server.Gate) return PlayList.ToArray(); } }
    public IReadOnlyList<FakeTraktRating> Ratings { get { lock (server.Gate) return RatingList.ToArray(); } }
    public IReadOnlyList<FakeTraktWatchlistItem> Watchlist { get { lock (server.Gate) return WatchlistItems.ToArray(); } }

    public int PlayCount(int tmdbId) => Plays.Count(p => p.Movie.TmdbId == tmdbId);

    /// <summary>A play of a movie (registered in the fake's catalogue if new); returns its history id.</summary>
    public long AddPlay(int tmdbId, string title, int year, DateTimeOffset watchedAt, string action = "watch") =>
        AddPlay(server.AddMovie(tmdbId, title, year), watchedAt, action);

    /// <summary>A play of a catalogue movie (FakeTmdbServer's catalogue or one added earlier).</summary>
    public long AddPlay(int tmdbId, DateTimeOffset watchedAt, string action = "watch") => AddPlay(Known(tmdbId), watchedAt, action);

    public void AddRating(int tmdbId, string title, int year, int rating, DateTimeOffset? ratedAt = null) =>
        AddRating(server.AddMovie(tmdbId, title, year), rating, ratedAt);

    public void AddRating(int tmdbId, int rating, DateTimeOffset? ratedAt = null) => AddRating(Known(tmdbId), rating, ratedAt);

    /// <summary>Seeding ignores the watchlist limit (the account may be over it, as after a VIP lapses).</summary>
    public void AddToWatchlist(int tmdbId, string title, int year, DateTimeOffset? listedAt = null, string? notes = null) =>
        AddToWatchlist(server.AddMovie(tmdbId, title, year), listedAt, notes);

    public void AddToWatchlist(int tmdbId, DateTimeOffset? listedAt = null, string? notes = null) => AddToWatchlist(Known(tmdbId), listedAt, notes);

    private FakeTraktMovie Known(int tmdbId) =>
        server.FindMovie(tmdbId) ?? throw new InvalidOperationException($"TMDB id {tmdbId} is not in the fake's catalogue; pass its title and year");

    internal long AddPlay(FakeTraktMovie movie, DateTimeOffset watchedAt, string action)
    {
        lock (server.Gate)
        {
            var play = new FakeTraktPlay(server.NextId(), movie, watchedAt, action);
            PlayList.Add(play);
            MoviesWatchedAt = server.Bump(MoviesWatchedAt);
            return play.Id;
        }
    }

    internal void AddRating(FakeTraktMovie movie, int rating, DateTimeOffset? ratedAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, 10);
        lock (server.Gate)
        {
            RatingList.RemoveAll(r => r.Movie.TmdbId == movie.TmdbId);
            RatingList.Add(new FakeTraktRating(movie, rating, ratedAt ?? server.Time.GetUtcNow()));
            MoviesRatedAt = server.Bump(MoviesRatedAt);
        }
    }

    internal void AddToWatchlist(FakeTraktMovie movie, DateTimeOffset? listedAt, string? notes)
    {
        lock (server.Gate)
        {
            if (WatchlistItems.Any(w => w.Movie.TmdbId == movie.TmdbId)) return;
            WatchlistItems.Add(new FakeTraktWatchlistItem(server.NextId(), movie, listedAt ?? server.Time.GetUtcNow(), notes));
            TouchWatchlist();
        }
    }

    internal void TouchWatchlist()
    {
        MoviesWatchlistedAt = server.Bump(MoviesWatchlistedAt);
        WatchlistUpdatedAt = server.Bump(WatchlistUpdatedAt);
    }

    public override string ToString() => Username;
}
