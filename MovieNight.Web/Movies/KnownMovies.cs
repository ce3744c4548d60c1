using Dapper;
using MovieNight.Web.Data;

namespace MovieNight.Web.Movies;

/// <summary>Movies the household has nominated before, found by title: nominating works without TMDB.</summary>
public sealed class KnownMovies(Db db)
{
    public sealed record KnownMovie(long? TmdbId, string Title, string? Year, string? PosterPath, double? Rating, string? Overview);

    public async Task<IReadOnlyList<KnownMovie>> SearchAsync(string query, int limit = 8)
    {
        if (string.IsNullOrWhiteSpace(query)) return [];
        await using var connection = db.OpenConnection();
        // The newest nomination of each movie carries the freshest metadata.
        return (await connection.QueryAsync<KnownMovie>("""
            SELECT tmdb_id AS TmdbId, title AS Title, year AS Year, poster_path AS PosterPath, rating AS Rating, overview AS Overview
            FROM nominations
            WHERE id IN (SELECT max(id) FROM nominations WHERE title LIKE @pattern ESCAPE '\'
                         GROUP BY coalesce(CAST(tmdb_id AS TEXT), lower(title) || '|' || coalesce(year, '')))
            ORDER BY title LIMIT @limit
            """, new { pattern = "%" + Escape(query.Trim()) + "%", limit })).AsList();
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
