using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Tmdb;
using MovieNight.Web.Weeks;

namespace MovieNight.Web.Movies;

/// <summary>One member's watch of a movie (a watch_history row), with their rating, if any.</summary>
public sealed record Watch(long Id, long MemberId, long? NominationId, string? Week, DateTimeOffset? WatchedAt, StarRating? Rating);

/// <summary>The nomination a "we watched it" is about.</summary>
public sealed record WatchedNomination(long Id, string Week, long? TmdbId, string Title, string? Year, string? PosterPath,
    double? Rating, string? Overview, long ProposedBy);

/// <summary>Who got a new watch and who already had one for that nomination; or why nothing was recorded.</summary>
public sealed record WatchRecording(IReadOnlyList<long> Recorded, IReadOnlyList<long> AlreadyRecorded, Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;
}

/// <summary>
/// The household's watches: "we watched it" (one watch_history row per member who was there, not
/// yet synced to Trakt) and members' ratings of their own watches. Writes queue in the game's write
/// gate, so they never make a vote wait on a busy SQLite.
/// </summary>
public sealed class WatchLog(Db db, HouseholdSettings settings, TimeProvider time, WeekWriteGate gate)
{
    /// <summary>
    /// watch_history.tmdb_id is NOT NULL (the original schema), but a movie nominated by title alone
    /// has no TMDB id. Its watches store 0, which no TMDB movie has: the watch and its rating still
    /// count here (they are tied to the nomination), nothing matches it by TMDB id, and the Trakt
    /// sync skips it because Trakt cannot be told which movie it was.
    /// </summary>
    public const long NoTmdbId = 0;

    private const string WatchColumns =
        "id AS Id, user_id AS MemberId, nomination_id AS NominationId, week AS Week, watched_at AS WatchedAt, rating AS Rating";

    public async Task<WatchedNomination?> FindNominationAsync(long nominationId)
    {
        await using var connection = db.OpenConnection();
        return await connection.QuerySingleOrDefaultAsync<WatchedNomination>("""
            SELECT id AS Id, week AS Week, tmdb_id AS TmdbId, title AS Title, year AS Year, poster_path AS PosterPath,
                   rating AS Rating, overview AS Overview, proposed_by AS ProposedBy
            FROM nominations WHERE id = @nominationId
            """, new { nominationId });
    }

    /// <summary>The watches recorded for these nominations (by "we watched it" or imported with a rating).</summary>
    public async Task<ILookup<long, Watch>> OfNominationsAsync(IReadOnlyCollection<long> nominationIds)
    {
        if (nominationIds.Count == 0) return Array.Empty<Watch>().ToLookup(w => 0L);
        await using var connection = db.OpenConnection();
        var rows = await connection.QueryAsync<WatchRow>(
            $"SELECT {WatchColumns} FROM watch_history WHERE nomination_id IN @nominationIds ORDER BY user_id, id", new { nominationIds });
        return rows.Select(r => r.ToWatch()).ToLookup(w => w.NominationId!.Value);
    }

    public async Task<Watch?> FindAsync(long watchId)
    {
        await using var connection = db.OpenConnection();
        return (await connection.QuerySingleOrDefaultAsync<WatchRow>($"SELECT {WatchColumns} FROM watch_history WHERE id = @watchId", new { watchId }))
            ?.ToWatch();
    }

    /// <summary>The title of the watched movie: its nomination's, else the TMDB cache's, else its TMDB id.</summary>
    public async Task<string> TitleAsync(Watch watch)
    {
        await using var connection = db.OpenConnection();
        return await connection.ExecuteScalarAsync<string?>("""
            SELECT coalesce(n.title, m.title, 'TMDB movie ' || w.tmdb_id) FROM watch_history w
            LEFT JOIN nominations n ON n.id = w.nomination_id LEFT JOIN movies m ON m.tmdb_id = w.tmdb_id
            WHERE w.id = @id
            """, new { id = watch.Id }) ?? "this movie";
    }

    /// <summary>
    /// Records that these members watched the nomination at that time. A member who already has a
    /// watch of this nomination keeps it and gets no second one. The checks and the inserts share a
    /// write transaction (BEGIN IMMEDIATE), so two members recording at once cannot both add a watch.
    /// </summary>
    public async Task<WatchRecording> RecordAsync(long nominationId, long recordedBy, IReadOnlyCollection<long> attendees, DateTimeOffset watchedAt)
    {
        var clock = await settings.ClockAsync();
        var ids = attendees.Distinct().ToArray();
        if (ids.Length == 0) return Refused(RefusalReason.Invalid, "Tick at least one member who was there.");
        if (watchedAt > time.GetUtcNow()) return Refused(RefusalReason.Invalid, "That time is in the future: record a watch once it has happened.");

        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        var nomination = await connection.QuerySingleOrDefaultAsync<(string Week, long? TmdbId)>(
            "SELECT week, tmdb_id FROM nominations WHERE id = @nominationId", new { nominationId }, transaction);
        if (nomination.Week is null) return Refused(RefusalReason.NotFound, "That nomination is no longer there.");
        if (!await MemberChecks.IsActiveAsync(connection, transaction, recordedBy))
            return Refused(RefusalReason.NotAMember, "Only the household's active members can record a watch.");
        if (WeekId.TryParse(nomination.Week, out var week) && watchedAt < clock.TimesOf(week).Starts)
            return Refused(RefusalReason.Invalid, $"That is before week {week} started; a nomination is watched after it is nominated.");
        var active = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM users WHERE is_active = 1 AND id IN @ids", new { ids }, transaction);
        if (active != ids.Length) return Refused(RefusalReason.NotAMember, "Only the household's active members can be recorded as there.");

        var already = (await connection.QueryAsync<long>(
            "SELECT DISTINCT user_id FROM watch_history WHERE nomination_id = @nominationId AND user_id IN @ids",
            new { nominationId, ids }, transaction)).ToHashSet();
        var recorded = ids.Where(id => !already.Contains(id)).Order().ToList();
        await connection.ExecuteAsync("""
            INSERT INTO watch_history (user_id, tmdb_id, watched_at, rating, synced_to_trakt, nomination_id, week)
            VALUES (@userId, @tmdbId, @watchedAt, NULL, 0, @nominationId, @week)
            """, recorded.Select(userId => new
            {
                userId, tmdbId = nomination.TmdbId ?? NoTmdbId, watchedAt = SqliteTime.ToText(watchedAt), nominationId, week = nomination.Week,
            }), transaction);
        await transaction.CommitAsync();
        return new WatchRecording(recorded, already.Order().ToList(), null);
    }

    /// <summary>Sets or (with null) clears a member's rating of their own watch.</summary>
    public async Task<(Watch? Watch, Refusal? Refusal)> RateAsync(long watchId, long memberId, int? rating)
    {
        if (rating is not null && StarRating.From(rating) is null)
            return (await FindAsync(watchId), new Refusal(RefusalReason.Invalid, "A rating is from half a star to 5 stars."));
        using (await gate.EnterAsync())
        await using (var connection = db.OpenConnection())
        {
            var changed = await connection.ExecuteAsync(
                // rated_at: the newer of this and a rating given at Trakt wins when they meet in a sync.
                "UPDATE watch_history SET rating = @rating, rated_at = @now WHERE id = @watchId AND user_id = @memberId",
                new { rating, watchId, memberId, now = SqliteTime.ToText(time.GetUtcNow()) });
            if (changed == 1) return (await FindAsync(watchId), null);
        }
        return await FindAsync(watchId) is { } other
            ? (other, new Refusal(RefusalReason.NotYours, "You can only rate your own watches."))
            : (null, new Refusal(RefusalReason.NotFound, "That watch is no longer there."));
    }

    /// <summary>A member's own watch of any movie ("I watched this"), waiting to go to Trakt. Returns the new watch's id.</summary>
    public async Task<(long? WatchId, Refusal? Refusal)> MarkAsync(long memberId, long tmdbId, string title, int? year, DateTimeOffset watchedAt, int? rating)
    {
        if (tmdbId <= 0) return (null, new Refusal(RefusalReason.Invalid, "Only a movie TMDB knows can be marked watched here."));
        if (watchedAt > time.GetUtcNow()) return (null, new Refusal(RefusalReason.Invalid, "That time is in the future: mark a movie watched once you have seen it."));
        if (rating is not null && StarRating.From(rating) is null) return (null, new Refusal(RefusalReason.Invalid, "A rating is from half a star to 5 stars."));
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        if (!await MemberChecks.IsActiveAsync(connection, transaction, memberId))
            return (null, new Refusal(RefusalReason.NotAMember, "Only the household's active members can mark a movie watched."));
        var now = SqliteTime.ToText(time.GetUtcNow());
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO watch_history (user_id, tmdb_id, watched_at, rating, rated_at, synced_to_trakt)
            VALUES (@memberId, @tmdbId, @watchedAt, @rating, CASE WHEN @rating IS NULL THEN NULL ELSE @now END, 0) RETURNING id
            """, new { memberId, tmdbId, watchedAt = SqliteTime.ToText(watchedAt), rating, now }, transaction);
        await MovieCache.RememberTitleAsync(connection, transaction, tmdbId, title, year);
        await transaction.CommitAsync();
        return (id, null);
    }

    /// <summary>Removes a member's own watch (the caller has removed it at Trakt first when Trakt had it).</summary>
    public async Task<bool> RemoveAsync(long watchId, long memberId)
    {
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        return await connection.ExecuteAsync("DELETE FROM watch_history WHERE id = @watchId AND user_id = @memberId", new { watchId, memberId }) == 1;
    }

    private static WatchRecording Refused(RefusalReason reason, string message) => new([], [], new Refusal(reason, message));

    /// <summary>A watch_history row as stored: time as text, rating as a number.</summary>
    internal sealed record WatchRow
    {
        public long Id { get; init; }
        public long MemberId { get; init; }
        public long? NominationId { get; init; }
        public string? Week { get; init; }
        public string? WatchedAt { get; init; }
        public long? Rating { get; init; }

        public Watch ToWatch() => new(Id, MemberId, NominationId, Week, WatchedAt is { } at ? SqliteTime.Parse(at) : null,
            StarRating.From((int?)Rating));
    }
}
