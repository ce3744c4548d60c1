using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

/// <summary>
/// The real app with the weekly game, over its own temporary database, on a clock the test sets
/// before the app starts.
/// </summary>
public sealed class WeekGame : IDisposable
{
    public static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");

    private readonly MovieNightApp app;

    /// <param name="startAt">Where the clock stands when the app starts (the start-up catch-up reads it).</param>
    /// <param name="data">Share one with a later game to test a restart.</param>
    /// <param name="settings">Extra configuration, such as shorter job polling.</param>
    public WeekGame(DateTimeOffset startAt, TempDirectory? data = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        app = new MovieNightApp(data);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) app.With(key, value);
        SetClock(startAt);
    }

    public TestClock Clock => app.Clock;
    public TempDirectory Data => app.Data;
    public IServiceProvider Services => app.Services;
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
    public Db Db => Get<Db>();
    public NominationBook Nominations => Get<NominationBook>();
    public VoteBook Votes => Get<VoteBook>();
    public WeekStore Weeks => Get<WeekStore>();
    public WeekResults Results => Get<WeekResults>();
    public WeekCloser Closer => Get<WeekCloser>();
    public HouseholdSettings Settings => Get<HouseholdSettings>();

    public void SetClock(DateTimeOffset instant) => Clock.Advance(instant - Clock.GetUtcNow());

    /// <summary>An instant given as Budapest wall-clock time.</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour = 12, int minute = 0) =>
        new(new DateTime(year, month, day, hour, minute, 0), Budapest.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0)));

    public async Task<Member> MemberAsync(string name, bool admin = false)
    {
        var members = Get<MemberStore>();
        var id = admin && !await members.AnyAsync()
            ? (await members.CreateFirstAdminAsync(name, "🍿", "1234"))!.Value
            : (await members.AddAsync(name, "🍿", "1234"))!.Value;
        if (admin) await members.SetAdminAsync(id, true);
        return (await members.FindAsync(id))!;
    }

    public async Task<long> NominateAsync(Member member, string title, long? tmdbId = null, double? rating = null, string? year = "2020")
    {
        var result = await Nominations.NominateAsync(member.Id, new MovieChoice(title, year, tmdbId, Rating: rating));
        Assert.True(result.Succeeded, result.Refusal?.Message);
        return result.NominationId!.Value;
    }

    public async Task VoteAsync(Member member, long nominationId)
    {
        var result = await Votes.ToggleAsync(member.Id, nominationId);
        Assert.True(result is { Succeeded: true, Voted: true }, result.Refusal?.Message ?? "the toggle took a vote back");
    }

    /// <summary>A past watch, as "we watched it" or the Trakt sync would have recorded it.</summary>
    public async Task RecordWatchAsync(Member member, long tmdbId, DateTimeOffset watchedAt, string? week = null)
    {
        await using var connection = Db.OpenConnection();
        await connection.ExecuteAsync(
            "INSERT INTO watch_history (user_id, tmdb_id, watched_at, week) VALUES (@id, @tmdbId, @at, @week)",
            new { id = member.Id, tmdbId, at = SqliteTime.ToText(watchedAt), week });
    }

    public void Dispose() => app.Dispose();
}
