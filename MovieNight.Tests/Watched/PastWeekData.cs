using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Watched;

/// <summary>
/// Weeks already played, written straight into the tables as the week closer and the importer
/// leave them (nominations, votes, week_history, watch_history), so tests start from a history.
/// </summary>
public static class PastWeekData
{
    public static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");

    /// <summary>Puts the clock on a Saturday evening in Budapest (results are in) and returns that week.</summary>
    public static WeekId SaturdayEvening(this MovieNightApp app)
    {
        app.Clock.Set(TestClock.Next(DayOfWeek.Saturday, 21, Budapest));
        return WeekOf(app.Clock.GetUtcNow());
    }

    /// <summary>Erik (admin) and Timea, with Erik signed in: the household most history tests start from.</summary>
    public static async Task<(Member Erik, Member Timea, HttpClient Client)> ErikAndTimeaAsync(this MovieNightApp app)
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "👨‍💼");
        var timea = await app.CreateMemberAsync("Timea", pin: "1357", icon: "👩‍🦰");
        return (erik, timea, await app.SignedInClientAsync(erik, "4821"));
    }

    public static WeekId WeekOf(DateTimeOffset instant) =>
        WeekId.Containing(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Budapest).DateTime));

    public static WeekId WeeksBefore(this WeekId week, int count)
    {
        for (var i = 0; i < count; i++) week = week.Previous;
        return week;
    }

    public static async Task<long> NominationAsync(this MovieNightApp app, WeekId week, Member by, string title,
        long? tmdbId = null, string? year = "2020", string? posterPath = null)
    {
        await using var connection = app.Db.OpenConnection();
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO nominations (week, tmdb_id, title, year, poster_path, rating, proposed_by, proposed_at)
            VALUES (@week, @tmdbId, @title, @year, @posterPath, 7.5, @by, @at) RETURNING id
            """, new { week = week.ToString(), tmdbId, title, year, posterPath, by = by.Id, at = SqliteTime.ToText(app.Clock.GetUtcNow()) });
    }

    public static async Task VoteAsync(this MovieNightApp app, WeekId week, long nominationId, params Member[] voters)
    {
        await using var connection = app.Db.OpenConnection();
        foreach (var voter in voters)
            await connection.ExecuteAsync("INSERT INTO votes (nomination_id, user_id, week) VALUES (@nominationId, @user, @week)",
                new { nominationId, user = voter.Id, week = week.ToString() });
    }

    public static async Task ResultAsync(this MovieNightApp app, WeekId week, long? first, long? second)
    {
        await using var connection = app.Db.OpenConnection();
        await connection.ExecuteAsync("INSERT INTO week_history (week, first_place_id, second_place_id) VALUES (@week, @first, @second)",
            new { week = week.ToString(), first, second });
    }

    /// <summary>A watch as "we watched it" (with a time) or the importer (without one, rating = stars × 2) records it.</summary>
    public static async Task<long> WatchAsync(this MovieNightApp app, Member member, long nominationId, int? rating = null, DateTimeOffset? at = null)
    {
        await using var connection = app.Db.OpenConnection();
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO watch_history (user_id, tmdb_id, watched_at, rating, synced_to_trakt, nomination_id, week)
            SELECT @user, coalesce(tmdb_id, 0), @at, @rating, 0, id, week FROM nominations WHERE id = @nominationId
            RETURNING id
            """, new { user = member.Id, nominationId, rating, at = at is { } time ? SqliteTime.ToText(time) : null });
    }

    public static async Task<T> ScalarAsync<T>(this MovieNightApp app, string sql, object? args = null)
    {
        await using var connection = app.Db.OpenConnection();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }
}
