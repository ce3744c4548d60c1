using Dapper;
using Hangfire;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Http;
using MovieNight.Web.Tmdb;

namespace MovieNight.Web.Weeks;

/// <summary>
/// Fills in the TMDB details (poster, overview, rating, IMDb id, runtime) of nominations made while
/// TMDB's details call failed, so no card keeps a placeholder once TMDB answers again. A nomination
/// waits while its movie has no fresh row in the movies table. Run soon after such a nomination
/// (Hangfire retries it while TMDB is still down) and by a recurring sweep in case those retries ran
/// out. TMDB's answer replaces what the search row posted (a placeholder the member's browser sent, so
/// not to be kept as TMDB's); writing the same answer again and re-reading what still waits makes every run idempotent.
/// </summary>
public sealed class NominationDetailsJob(Db db, TmdbClient tmdb, HouseholdSettings settings, PageCache cache, TimeProvider time,
    ILogger<NominationDetailsJob> logger)
{
    public const string JobId = "nomination-details";
    public const string Cron = "*/20 * * * *";

    /// <summary>The one nomination, soon after it was made. Throws while TMDB cannot answer, so Hangfire tries again later.</summary>
    [AutomaticRetry(Attempts = 8, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task FillAsync(long nominationId)
    {
        var waiting = (await WaitingAsync()).Where(w => w.Id == nominationId).ToList();
        if (waiting.Count == 0) return;
        if (await FillMovieAsync(waiting[0].TmdbId) is { } problem && problem.Kind is TmdbProblemKind.Unavailable or TmdbProblemKind.Busy)
            throw new TmdbUnavailableException(problem.Message);
    }

    /// <summary>Every nomination of this week and the last that still waits. Returns how many movies were filled in.</summary>
    public async Task<int> SweepAsync()
    {
        var filled = 0;
        foreach (var tmdbId in (await WaitingAsync()).Select(w => w.TmdbId).Distinct())
        {
            var problem = await FillMovieAsync(tmdbId);
            if (problem is null) filled++;
            // TMDB is down or busy: the next sweep asks again rather than hammering it now.
            // A bad key fails every movie alike: wait for an admin to fix it.
            else if (problem.Kind is TmdbProblemKind.Unavailable or TmdbProblemKind.Busy or TmdbProblemKind.NotConfigured or TmdbProblemKind.BadCredentials) break;
        }
        return filled;
    }

    private sealed record Waiting(long Id, long TmdbId);

    private async Task<IReadOnlyList<Waiting>> WaitingAsync()
    {
        var clock = await settings.ClockAsync();
        var since = clock.WeekOf(time.GetUtcNow()).Previous.ToString();
        await using var connection = db.OpenConnection();
        // An epoch fetched_at is a movie known only by title (MovieCache.RememberTitleAsync).
        return (await connection.QueryAsync<Waiting>("""
            SELECT n.id AS Id, n.tmdb_id AS TmdbId FROM nominations n LEFT JOIN movies m ON m.tmdb_id = n.tmdb_id
            WHERE n.tmdb_id > 0 AND n.week >= @since AND (m.tmdb_id IS NULL OR m.fetched_at = @epoch)
            ORDER BY n.id
            """, new { since, epoch = SqliteTime.ToText(DateTimeOffset.UnixEpoch) })).AsList();
    }

    /// <summary>Asks TMDB (which stores the movie) and fills the blanks of its recent nominations; the problem when it could not.</summary>
    private async Task<TmdbProblem?> FillMovieAsync(long tmdbId)
    {
        if (tmdbId is <= 0 or > int.MaxValue) return null;
        var details = await tmdb.GetMovieAsync((int)tmdbId);
        if (!details.Succeeded)
        {
            logger.LogInformation("Details of TMDB movie {TmdbId} for a nomination are still missing: {Problem}", tmdbId, details.Problem.Kind);
            return details.Problem;
        }
        var movie = details.Value;
        var clock = await settings.ClockAsync();
        await using var connection = db.OpenConnection();
        // TMDB's values win; where TMDB has none, what the card showed stays.
        var changed = await connection.ExecuteAsync("""
            UPDATE nominations SET
              title = @Title,
              poster_path = coalesce(@PosterPath, poster_path),
              backdrop_path = coalesce(@BackdropPath, backdrop_path),
              overview = coalesce(nullif(@Overview, ''), overview),
              rating = coalesce(nullif(@Rating, 0), rating),
              imdb_id = coalesce(@ImdbId, imdb_id),
              year = coalesce(@year, year)
            WHERE tmdb_id = @TmdbId AND week >= @since
            """, new
            {
                movie.Title, movie.PosterPath, movie.BackdropPath, movie.Overview, movie.Rating, movie.ImdbId, movie.TmdbId,
                year = movie.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                since = clock.WeekOf(time.GetUtcNow()).Previous.ToString(),
            });
        if (changed > 0) await cache.HouseholdChangedAsync();
        logger.LogInformation("Filled in TMDB details of movie {TmdbId} on {Count} nomination(s)", tmdbId, changed);
        return null;
    }
}

/// <summary>TMDB could not answer; Hangfire tries the job again later.</summary>
public sealed class TmdbUnavailableException(string message) : Exception(message);

/// <summary>Schedules <see cref="NominationDetailsJob"/>: the recurring sweep, and a run soon after a nomination made without details.</summary>
public sealed class NominationDetailsSchedule(IRecurringJobManager recurringJobs, IBackgroundJobClient jobs)
{
    /// <summary>Long enough for a passing TMDB hiccup to pass.</summary>
    public static readonly TimeSpan FirstTry = TimeSpan.FromSeconds(30);

    public void ScheduleSweep() =>
        recurringJobs.AddOrUpdate<NominationDetailsJob>(NominationDetailsJob.JobId, job => job.SweepAsync(), NominationDetailsJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });

    public void FillSoon(long nominationId) => jobs.Schedule<NominationDetailsJob>(job => job.FillAsync(nominationId), FirstTry);
}
