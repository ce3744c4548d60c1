using Dapper;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Tmdb;

namespace MovieNight.Web.Movies;

/// <summary>Builds movie cards with their posters and who has already seen each movie, in one query.</summary>
public sealed class MovieCards(Db db, TmdbImages images)
{
    public sealed record Source(string Title, string? Year, long? TmdbId, string? PosterPath, double? Rating, string? Overview, MemberBadge? NominatedBy);

    public async Task<IReadOnlyList<MovieCard>> BuildAsync(IReadOnlyList<Source> movies)
    {
        var seen = await SeenByAsync(movies.Select(m => m.TmdbId));
        var details = await DetailsAsync(movies.Select(m => m.TmdbId));
        return movies.Select(m => new MovieCard
        {
            Title = m.Title,
            Year = m.Year,
            TmdbId = m.TmdbId,
            PosterUrl = images.PosterUrl(m.PosterPath, TmdbImages.PosterSmall),
            Rating = m.Rating is > 0 ? m.Rating : null,
            Overview = m.Overview,
            NominatedBy = m.NominatedBy,
            SeenBy = m.TmdbId is { } id && seen.TryGetValue(id, out var who) ? who : [],
            RuntimeMinutes = details.GetValueOrDefault(m.TmdbId ?? 0).Runtime,
            ImdbId = details.GetValueOrDefault(m.TmdbId ?? 0).ImdbId,
        }).ToList();
    }

    /// <summary>Runtime and IMDb id from the movies table (TMDB's details, kept when a movie was nominated or looked at).</summary>
    private async Task<IReadOnlyDictionary<long, (int? Runtime, string? ImdbId)>> DetailsAsync(IEnumerable<long?> tmdbIds)
    {
        var ids = tmdbIds.OfType<long>().Where(id => id > 0).Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<long, (int?, string?)>();
        await using var connection = db.OpenConnection();
        var rows = await connection.QueryAsync<(long TmdbId, long? Runtime, string? ImdbId)>(
            "SELECT tmdb_id, runtime, imdb_id FROM movies WHERE tmdb_id IN @ids", new { ids });
        return rows.ToDictionary(r => r.TmdbId, r => ((int?)r.Runtime, r.ImdbId));
    }

    /// <summary>Which active members have watched each movie (their own watches and their Trakt history alike), by TMDB id.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<MemberBadge>>> SeenByAsync(IEnumerable<long?> tmdbIds)
    {
        var ids = tmdbIds.OfType<long>().Where(id => id > 0).Distinct().ToArray();
        var seen = new Dictionary<long, IReadOnlyList<MemberBadge>>();
        if (ids.Length == 0) return seen;
        await using var connection = db.OpenConnection();
        var rows = await connection.QueryAsync<(long TmdbId, long Id, string Name, string Icon)>("""
            SELECT DISTINCT w.tmdb_id, u.id, u.name, coalesce(u.icon, '🎬')
            FROM watch_history w JOIN users u ON u.id = w.user_id
            WHERE u.is_active = 1 AND w.tmdb_id IN @ids
            ORDER BY u.id
            """, new { ids });
        foreach (var group in rows.GroupBy(r => r.TmdbId))
            seen[group.Key] = group.Select(r => new MemberBadge(r.Id, r.Name, r.Icon)).ToList();
        return seen;
    }
}
