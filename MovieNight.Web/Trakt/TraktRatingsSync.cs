using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Trakt;

/// <summary>
/// A member's ratings both ways. Trakt rates a movie; MovieNight rates a member's watches of it, so a
/// rating from Trakt lands on the member's watches of that movie unless a newer one was given here, and
/// the newest rating of each movie here goes to Trakt when it differs from what Trakt has. Pushing a
/// rating twice is harmless (Trakt keeps one per movie), so an unconfirmed push is simply sent again.
/// </summary>
public sealed class TraktRatingsSync(Db db, TraktClient trakt, WeekWriteGate gate)
{
    /// <summary>Every rating Trakt has (a full list: ratings removed at Trakt are noticed too). Returns how many Trakt has.</summary>
    public async Task<TraktResult<int>> PullAsync(long memberId, CancellationToken cancellationToken)
    {
        var read = await trakt.GetAllPagesAsync<TraktSyncJson.RatingItem>(memberId, "sync/ratings/movies", cancellationToken);
        if (!read.Succeeded) return read.Problem;
        var ratings = read.Value.Where(r => r.Movie?.Ids?.Tmdb is > 0 && r.Rating is >= 1 and <= 10).ToList();
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        foreach (var rating in ratings)
        {
            await connection.ExecuteAsync("""
                UPDATE watch_history SET rating = @Rating, trakt_rating = @Rating, rated_at = @ratedAt
                WHERE user_id = @memberId AND tmdb_id = @tmdbId AND (rated_at IS NULL OR rated_at <= @ratedAt)
                """, new { memberId, tmdbId = rating.Movie!.Ids!.Tmdb, rating.Rating, ratedAt = SqliteTime.ToText(rating.RatedAt) }, transaction);
        }
        // Removed at Trakt: a rating that was Trakt's (or acknowledged by it) goes; one changed here since stays, to be pushed.
        var rated = ratings.Select(r => (long)r.Movie!.Ids!.Tmdb!.Value).ToArray();
        await connection.ExecuteAsync("""
            UPDATE watch_history SET rating = CASE WHEN rating = trakt_rating THEN NULL ELSE rating END, trakt_rating = NULL
            WHERE user_id = @memberId AND trakt_rating IS NOT NULL AND tmdb_id NOT IN @rated
            """, new { memberId, rated }, transaction);
        await transaction.CommitAsync();
        return ratings.Count;
    }

    /// <summary>Sends ratings given or changed here, one POST per 100 movies, and removes at Trakt the ones cleared here.</summary>
    public async Task<TraktResult<int>> PushAsync(long memberId, CancellationToken cancellationToken)
    {
        List<(long TmdbId, long? Rating, string? RatedAt, long? TraktRating)> changed;
        await using (var connection = db.OpenConnection())
        {
            // The most recently rated watch of each movie speaks for the member's rating of it.
            changed = (await connection.QueryAsync<(long, long?, string?, long?)>("""
                SELECT tmdb_id, rating, rated_at, trakt_rating FROM watch_history w
                WHERE user_id = @memberId AND tmdb_id > 0 AND coalesce(rating, -1) <> coalesce(trakt_rating, -1)
                  AND id = (SELECT id FROM watch_history WHERE user_id = w.user_id AND tmdb_id = w.tmdb_id
                            ORDER BY coalesce(rated_at, '') DESC, id DESC LIMIT 1)
                """, new { memberId })).AsList();
        }
        var pushed = 0;
        foreach (var chunk in changed.Where(c => c.Rating is not null).Chunk(100))
        {
            var answer = await trakt.PostAsync<TraktSyncJson.WriteAnswer>(memberId, "sync/ratings", new
            {
                movies = chunk.Select(c => new { ids = new { tmdb = c.TmdbId }, rating = c.Rating, rated_at = c.RatedAt }),
            }, CancellationToken.None);
            if (!answer.Succeeded) return answer.Problem;
            await MarkAsync(memberId, chunk);
            pushed += chunk.Length;
        }
        foreach (var chunk in changed.Where(c => c.Rating is null).Chunk(100))
        {
            var answer = await trakt.PostAsync<TraktSyncJson.WriteAnswer>(memberId, "sync/ratings/remove", new
            {
                movies = chunk.Select(c => new { ids = new { tmdb = c.TmdbId } }),
            }, CancellationToken.None);
            if (!answer.Succeeded) return answer.Problem;
            await MarkAsync(memberId, chunk);
            pushed += chunk.Length;
        }
        return pushed;
    }

    /// <summary>
    /// Records what Trakt now has: the value that was sent, on the watches that still hold it (a rating
    /// changed while the request was out stays different, and goes with the next sync). Movies Trakt does
    /// not know are recorded too: sending them again would only be refused again.
    /// </summary>
    private async Task MarkAsync(long memberId, IEnumerable<(long TmdbId, long? Rating, string? RatedAt, long? TraktRating)> sent)
    {
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        foreach (var (tmdbId, rating, _, _) in sent)
            await connection.ExecuteAsync(
                "UPDATE watch_history SET trakt_rating = @rating WHERE user_id = @memberId AND tmdb_id = @tmdbId AND rating IS @rating",
                new { memberId, tmdbId, rating }, transaction);
        await transaction.CommitAsync();
    }
}
