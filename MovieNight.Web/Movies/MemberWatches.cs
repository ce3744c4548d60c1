using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Movies;

/// <summary>A watch on a member's page: the watch, and the movie as its card shows it.</summary>
public sealed record MemberWatch(Watch Watch, MovieCards.Source Movie, long? ProposedBy);

/// <summary>What one member watched and how they rated it, newest first.</summary>
public sealed class MemberWatches(Db db, HouseholdSettings settings)
{
    /// <summary>
    /// All of the member's watches, newest first. Imported watches have no time (the old app kept
    /// none), so they sort by the start of their week; a watch with neither sorts last. The sort is
    /// done here rather than in SQL because the two kinds of date cannot be compared there.
    /// </summary>
    public async Task<IReadOnlyList<MemberWatch>> ListAsync(long memberId)
    {
        var clock = await settings.ClockAsync();
        await using var connection = db.OpenConnection();
        // A household watch takes its movie from its nomination; one from Trakt, from the TMDB cache.
        var rows = await connection.QueryAsync<Row>("""
            SELECT w.id AS Id, w.user_id AS MemberId, w.nomination_id AS NominationId, w.week AS Week, w.watched_at AS WatchedAt,
                   w.rating AS Rating, nullif(w.tmdb_id, 0) AS TmdbId,
                   coalesce(n.title, m.title) AS Title, coalesce(n.year, CAST(m.year AS TEXT)) AS Year,
                   coalesce(n.poster_path, m.poster_path) AS PosterPath, coalesce(n.rating, m.rating) AS MovieRating,
                   coalesce(n.overview, m.overview) AS Overview, n.proposed_by AS ProposedBy
            FROM watch_history w
            LEFT JOIN nominations n ON n.id = w.nomination_id
            LEFT JOIN movies m ON m.tmdb_id = w.tmdb_id
            WHERE w.user_id = @memberId
            """, new { memberId });
        return rows.Select(r => new MemberWatch(r.ToWatch(), new MovieCards.Source(
                r.Title ?? $"TMDB movie {r.TmdbId}", r.Year, r.TmdbId, r.PosterPath, r.MovieRating, r.Overview, NominatedBy: null), r.ProposedBy))
            .OrderByDescending(w => SortKey(w.Watch, clock)).ThenByDescending(w => w.Watch.Id)
            .ToList();
    }

    private static DateTimeOffset SortKey(Watch watch, WeekClock clock) =>
        watch.WatchedAt ?? (WeekId.TryParse(watch.Week, out var week) ? clock.TimesOf(week).Starts : DateTimeOffset.MinValue);

    private sealed record Row
    {
        public long Id { get; init; }
        public long MemberId { get; init; }
        public long? NominationId { get; init; }
        public string? Week { get; init; }
        public string? WatchedAt { get; init; }
        public long? Rating { get; init; }
        public long? TmdbId { get; init; }
        public string? Title { get; init; }
        public string? Year { get; init; }
        public string? PosterPath { get; init; }
        public double? MovieRating { get; init; }
        public string? Overview { get; init; }
        public long? ProposedBy { get; init; }

        public Watch ToWatch() => new WatchLog.WatchRow
        {
            Id = Id, MemberId = MemberId, NominationId = NominationId, Week = Week, WatchedAt = WatchedAt, Rating = Rating,
        }.ToWatch();
    }
}
