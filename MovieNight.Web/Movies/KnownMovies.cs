using Dapper;
using MovieNight.Web.Data;

namespace MovieNight.Web.Movies;

/// <summary>Movies the household has nominated before, found by title: nominating works without TMDB.</summary>
public sealed class KnownMovies(Db db)
{
    public sealed record KnownMovie(long? TmdbId, string Title, string? Year, string? PosterPath, double? Rating, string? Overview);

    /// <summary>
    /// Titles containing the query, ignoring case and accents as TMDB does ("amelie" finds "Amélie").
    /// SQLite's LIKE folds ASCII only, so the household's few hundred movies are matched here instead;
    /// titles that start with the query come first.
    /// </summary>
    public async Task<IReadOnlyList<KnownMovie>> SearchAsync(string query, int limit = 8)
    {
        var wanted = MovieTitles.Fold(query);
        if (wanted.Length == 0) return [];
        await using var connection = db.OpenConnection();
        // The newest nomination of each movie carries the freshest metadata.
        var movies = await connection.QueryAsync<KnownMovie>("""
            SELECT tmdb_id AS TmdbId, title AS Title, year AS Year, poster_path AS PosterPath, rating AS Rating, overview AS Overview
            FROM nominations
            WHERE id IN (SELECT max(id) FROM nominations
                         GROUP BY coalesce(CAST(tmdb_id AS TEXT), lower(title) || '|' || coalesce(year, '')))
            """);
        return movies
            .Select(m => (Movie: m, At: MovieTitles.Fold(m.Title).IndexOf(wanted, StringComparison.Ordinal)))
            .Where(m => m.At >= 0)
            .DistinctBy(m => m.Movie.TmdbId?.ToString() ?? MovieTitles.Key(m.Movie.Title, m.Movie.Year))
            .OrderBy(m => m.At == 0 ? 0 : 1).ThenBy(m => m.Movie.Title, StringComparer.InvariantCultureIgnoreCase)
            .Take(limit).Select(m => m.Movie).ToList();
    }
}
