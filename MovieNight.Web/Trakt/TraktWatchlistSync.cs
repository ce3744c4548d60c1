using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Trakt;

/// <summary>A member's Trakt watchlist, pulled whole when Trakt says it changed (removals included).</summary>
public sealed class TraktWatchlistSync(Db db, TraktClient trakt)
{
    public async Task<TraktResult<int>> PullAsync(long memberId, CancellationToken cancellationToken)
    {
        var read = await trakt.GetAllPagesAsync<TraktSyncJson.WatchlistItem>(memberId, "sync/watchlist/movies/added/asc", cancellationToken);
        if (!read.Succeeded) return read.Problem;
        var items = read.Value.Where(i => i.Movie?.Ids?.Tmdb is > 0).DistinctBy(i => i.Movie!.Ids!.Tmdb).ToList();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync("DELETE FROM trakt_watchlist WHERE user_id = @memberId", new { memberId }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO trakt_watchlist (user_id, tmdb_id, title, year, listed_at) VALUES (@memberId, @tmdbId, @title, @year, @listedAt)
            """, items.Select(i => new
        {
            memberId, tmdbId = i.Movie!.Ids!.Tmdb, title = i.Movie.Title ?? $"TMDB movie {i.Movie.Ids.Tmdb}", year = i.Movie.Year,
            listedAt = i.ListedAt is { } at ? SqliteTime.ToText(at) : null,
        }), transaction);
        await transaction.CommitAsync();
        return items.Count;
    }
}
