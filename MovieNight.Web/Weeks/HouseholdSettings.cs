using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using MovieNight.Web.Data;
using MovieNight.Web.Household;

namespace MovieNight.Web.Weeks;

/// <summary>
/// The week rules, typed, over the settings table (key/value text). Read on every nomination and
/// vote, so the rules are kept in memory and replaced whenever they are saved through here.
/// Time zone: TZ (or MovieNight:TimeZone) wins when set, as environment variables win over the
/// settings page everywhere in MovieNight; the admin's choice applies when it is not; the server's
/// zone is the last resort.
/// </summary>
public sealed class HouseholdSettings(Db db, IOptions<MovieNightOptions> options, CloseWeekSchedule closingJob, TimeProvider time)
{
    private const string NominationsKey = "week.nominations_per_member";
    private const string VotesKey = "week.votes_per_member";
    private const string SelfVoteKey = "week.self_vote_allowed";
    private const string VotingOpensKey = "week.voting_opens";
    private const string VotingClosesKey = "week.voting_closes";
    private const string TimeZoneKey = "household.time_zone";
    private const string LanguageKey = "household.language";
    private const string SecretBallotKey = "week.secret_ballot";

    private volatile WeekRules? cached;
    // The last rules read, even by a read that raced a save: what pages write dates with until the next read.
    private volatile WeekRules? lastRead;
    // Guards cached against a read that began before a save and finishes after it.
    private readonly Lock cacheLock = new();
    private long savedVersion;

    /// <summary>True when TZ decides the zone, so the settings page shows it rather than offering a choice.</summary>
    public bool TimeZoneSetByEnvironment => !string.IsNullOrWhiteSpace(options.Value.TimeZone);

    public async Task<WeekRules> ReadAsync()
    {
        if (cached is { } rules) return rules;
        var versionBeforeRead = Interlocked.Read(ref savedVersion);
        await using var connection = db.OpenConnection();
        var stored = (await connection.QueryAsync<(string Key, string Value)>(
            "SELECT key, value FROM settings WHERE key IN @keys",
            new { keys = new[] { NominationsKey, VotesKey, SelfVoteKey, VotingOpensKey, VotingClosesKey, TimeZoneKey, LanguageKey, SecretBallotKey } }))
            .ToDictionary(s => s.Key, s => s.Value);
        var read = FromStored(stored);
        lastRead = read;
        lock (cacheLock)
        {
            if (savedVersion == versionBeforeRead) cached = read;
        }
        return read;
    }

    /// <summary>
    /// The rules in force without waiting, for writing dates on pages: read at start-up and again after every
    /// save (a read that raced a save leaves the last rules read until the next one). Only before the first
    /// read ever (start-up reads them) does this wait for the database.
    /// </summary>
    public WeekRules Current => cached ?? lastRead ?? ReadAsync().GetAwaiter().GetResult();

    /// <summary>How dates and times read on the pages now: the household's language and zone.</summary>
    public HouseholdTime Time()
    {
        var rules = Current;
        return new HouseholdTime(HouseholdTime.FindLanguage(rules.Language) ?? HouseholdTime.ServerLanguage, ZoneFor(rules), time.GetUtcNow());
    }

    /// <summary>The rules in force and the clock they make, for one unit of work.</summary>
    public async Task<(WeekRules Rules, WeekClock Clock)> ReadWithClockAsync()
    {
        var rules = await ReadAsync();
        return (rules, new WeekClock(ZoneFor(rules), rules.Schedule));
    }

    public async Task<WeekClock> ClockAsync() => (await ReadWithClockAsync()).Clock;

    public TimeZoneInfo ZoneFor(WeekRules rules) =>
        TimeZoneSetByEnvironment || string.IsNullOrWhiteSpace(rules.TimeZoneId)
            ? options.Value.HouseholdTimeZone
            : TimeZoneInfo.FindSystemTimeZoneById(rules.TimeZoneId.Trim());

    /// <summary>Saves valid rules and moves the week-closing job to the new deadline. Returns the problems, empty when saved.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(WeekRules rules)
    {
        var problems = rules.Problems();
        if (problems.Count > 0) return problems;
        const string Upsert = "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        await using (var connection = db.OpenConnection())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var (key, value) in ToStored(rules))
                await connection.ExecuteAsync(Upsert, new { key, value }, transaction);
            foreach (var (key, choice) in new[] { (TimeZoneKey, rules.TimeZoneId), (LanguageKey, rules.Language) })
            {
                // An empty choice means "the server's", so nothing is stored for it.
                if (string.IsNullOrWhiteSpace(choice))
                    await connection.ExecuteAsync("DELETE FROM settings WHERE key = @key", new { key }, transaction);
                else
                    await connection.ExecuteAsync(Upsert, new { key, value = choice.Trim() }, transaction);
            }
            await transaction.CommitAsync();
        }
        lock (cacheLock)
        {
            savedVersion++;
            cached = null;
        }
        // Read back at once, so Current (and every page's dates) has the new rules without a database read.
        closingJob.Schedule(await ClockAsync());
        return [];
    }

    private static IEnumerable<(string Key, string Value)> ToStored(WeekRules rules)
    {
        yield return (NominationsKey, rules.NominationsPerMember.ToString(CultureInfo.InvariantCulture));
        yield return (VotesKey, rules.VotesPerMember.ToString(CultureInfo.InvariantCulture));
        yield return (SelfVoteKey, rules.SelfVoteAllowed ? "true" : "false");
        yield return (SecretBallotKey, rules.SecretBallot ? "true" : "false");
        yield return (VotingOpensKey, FormatWeekTime(rules.Schedule.VotingOpens));
        yield return (VotingClosesKey, FormatWeekTime(rules.Schedule.VotingCloses));
    }

    /// <summary>A stored value that does not parse falls back to the default rather than stopping the game.</summary>
    private static WeekRules FromStored(Dictionary<string, string> stored)
    {
        var defaults = WeekRules.Default;
        var schedule = new WeekSchedule(Time(VotingOpensKey, defaults.Schedule.VotingOpens), Time(VotingClosesKey, defaults.Schedule.VotingCloses));
        return new WeekRules
        {
            NominationsPerMember = Number(NominationsKey, defaults.NominationsPerMember, WeekRules.MaxNominationsPerMember),
            VotesPerMember = Number(VotesKey, defaults.VotesPerMember, WeekRules.MaxVotesPerMember),
            SelfVoteAllowed = stored.TryGetValue(SelfVoteKey, out var self) && bool.TryParse(self, out var allowed) ? allowed : defaults.SelfVoteAllowed,
            Schedule = schedule.Problem is null ? schedule : defaults.Schedule,
            TimeZoneId = ValidZone(stored.GetValueOrDefault(TimeZoneKey)),
            Language = HouseholdTime.FindLanguage(stored.GetValueOrDefault(LanguageKey))?.Name,
            SecretBallot = stored.TryGetValue(SecretBallotKey, out var secret) && bool.TryParse(secret, out var hidden) ? hidden : defaults.SecretBallot,
        };

        int Number(string key, int fallback, int max) =>
            stored.TryGetValue(key, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max
                ? value : fallback;
        WeekTime Time(string key, WeekTime fallback) =>
            stored.TryGetValue(key, out var text) && TryParseWeekTime(text, out var value) ? value : fallback;
    }

    private static string? ValidZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out _) ? id : null;

    /// <summary>"Friday 18:00": readable in the database, and what an admin would write.</summary>
    public static string FormatWeekTime(WeekTime time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.Day} {time.Time:HH\\:mm}");

    public static bool TryParseWeekTime(string? text, out WeekTime time)
    {
        time = default;
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is not [var day, var clock]
            // One day's name only: Enum.TryParse reads "Monday,Tuesday" as the flags 1|2, which is Wednesday.
            || !Enum.GetNames<DayOfWeek>().Contains(day, StringComparer.OrdinalIgnoreCase)
            || !Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var dayOfWeek)
            || !TimeOnly.TryParseExact(clock, "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var timeOfDay))
            return false;
        time = new WeekTime(dayOfWeek, timeOfDay);
        return true;
    }
}
