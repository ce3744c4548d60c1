using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Tmdb;

/// <summary>The movies table: TMDB details kept so cards render without calling TMDB.</summary>
public sealed class MovieCache(Db db)
{
    /// <summary>
    /// A movie known only by title and year (from Trakt, or "I watched this"), kept already stale (fetched
    /// at the epoch) so TMDB's details replace it when TMDB is asked; an existing row is left alone.
    /// </summary>
    public static Task RememberTitleAsync(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, long tmdbId, string? title, int? year) =>
        string.IsNullOrWhiteSpace(title) ? Task.CompletedTask : connection.ExecuteAsync("""
            INSERT INTO movies (tmdb_id, title, year, fetched_at) VALUES (@tmdbId, @title, @year, '1970-01-01T00:00:00.000Z')
            ON CONFLICT (tmdb_id) DO NOTHING
            """, new { tmdbId, title, year }, transaction);

    public async Task<TmdbMovie?> FindAsync(int tmdbId)
    {
        const string Sql = """
            SELECT tmdb_id AS TmdbId, title AS Title, year AS Year, poster_path AS PosterPath,
                   backdrop_path AS BackdropPath, overview AS Overview, rating AS Rating, imdb_id AS ImdbId,
                   runtime AS RuntimeMinutes, fetched_at AS FetchedAt
            FROM movies WHERE tmdb_id = @tmdbId
            """;
        await using var connection = db.OpenConnection();
        var row = await connection.QuerySingleOrDefaultAsync<MovieRow>(Sql, new { tmdbId });
        return row?.ToMovie();
    }

    public async Task SaveAsync(TmdbMovie movie)
    {
        const string Sql = """
            INSERT INTO movies (tmdb_id, title, year, poster_path, backdrop_path, overview, rating, imdb_id, runtime, fetched_at)
            VALUES (@TmdbId, @Title, @Year, @PosterPath, @BackdropPath, @Overview, @Rating, @ImdbId, @RuntimeMinutes, @FetchedAt)
            ON CONFLICT (tmdb_id) DO UPDATE SET
              title = excluded.title, year = excluded.year, poster_path = excluded.poster_path,
              backdrop_path = excluded.backdrop_path, overview = excluded.overview, rating = excluded.rating,
              imdb_id = excluded.imdb_id, runtime = excluded.runtime, fetched_at = excluded.fetched_at
            """;
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync(Sql, new
        {
            movie.TmdbId, movie.Title, movie.Year, movie.PosterPath, movie.BackdropPath, movie.Overview,
            movie.Rating, movie.ImdbId, movie.RuntimeMinutes, FetchedAt = SqliteTime.ToText(movie.FetchedAt),
        });
    }

    // Dapper fills this; fetched_at is text in the database.
    private sealed class MovieRow
    {
        public int TmdbId { get; init; }
        public string Title { get; init; } = "";
        public int? Year { get; init; }
        public string? PosterPath { get; init; }
        public string? BackdropPath { get; init; }
        public string? Overview { get; init; }
        public double? Rating { get; init; }
        public string? ImdbId { get; init; }
        public int? RuntimeMinutes { get; init; }
        public string FetchedAt { get; init; } = "";

        public TmdbMovie ToMovie() => new(TmdbId, Title, Year, PosterPath, BackdropPath, Overview, Rating, ImdbId,
            RuntimeMinutes, SqliteTime.Parse(FetchedAt));
    }
}
