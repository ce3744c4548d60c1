using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Http;

namespace MovieNight.Web.Weeks;

/// <summary>What closing a week did: the places written (or found, when it was closed already).</summary>
public sealed record WeekClosing(WeekId Week, bool WasAlreadyClosed, long? FirstPlaceId, long? SecondPlaceId,
    DecidedBy? FirstDecidedBy, DecidedBy? SecondDecidedBy, Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;
}

/// <summary>
/// Closes weeks: ranks the nominations and writes 1st and 2nd place to week_history together with
/// the weeks row, in one write transaction. Closing twice changes nothing, so the deadline job, the
/// start-up catch-up and an admin's button can all race for the same week.
/// </summary>
public sealed class WeekCloser(Db db, HouseholdSettings settings, TimeProvider time, WeekWriteGate gate, PageCache cache, ILogger<WeekCloser> logger)
{
    /// <summary>Closes a week whose voting has ended or is under way; a future week cannot be closed.</summary>
    /// <param name="memberId">The admin who closes it; an admin's close without one is refused.</param>
    public async Task<WeekClosing> CloseAsync(WeekId week, ClosedBy by, long? memberId = null)
    {
        var clock = await settings.ClockAsync();
        var now = time.GetUtcNow();
        if (week > clock.WeekOf(now))
            return new WeekClosing(week, false, null, null, null, null, new Refusal(RefusalReason.WrongPhase, "That week has not started yet."));

        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        // An admin's close is checked in the same transaction that closes: rights taken away meanwhile count.
        if (by == ClosedBy.Admin && (memberId is not { } admin || !await MemberChecks.IsActiveAdminAsync(connection, transaction, admin)))
            return new WeekClosing(week, false, null, null, null, null, new Refusal(RefusalReason.NotAnAdmin, "Only an admin can close the week."));
        var existing = await connection.QuerySingleOrDefaultAsync<(long Id, long? First, long? Second, string? FirstRule, string? SecondRule)>("""
            SELECT h.id, h.first_place_id, h.second_place_id, w.first_decided_by, w.second_decided_by
            FROM week_history h LEFT JOIN weeks w ON w.week = h.week WHERE h.week = @week
            """, new { week = week.ToString() }, transaction);
        if (existing.Id != 0)
            return new WeekClosing(week, true, existing.First, existing.Second, Parse(existing.FirstRule), Parse(existing.SecondRule), null);

        var tally = await WeekResults.ComputeAsync(connection, transaction, week, WeekResults.Cutoff(clock, week, now));
        await connection.ExecuteAsync(
            "INSERT INTO week_history (week, first_place_id, second_place_id) VALUES (@week, @first, @second)",
            new { week = week.ToString(), first = tally.First?.Id, second = tally.Second?.Id }, transaction);
        await WeekRows.CloseAsync(connection, transaction, week, now, by, memberId, tally.FirstDecidedBy, tally.SecondDecidedBy);
        await transaction.CommitAsync();
        // Whoever closed it (the deadline job, the catch-up, an admin), cached pages now show the results.
        await cache.HouseholdChangedAsync();
        logger.LogInformation("Closed {Week} ({By}): 1st {First} by {FirstRule}, 2nd {Second} by {SecondRule}",
            week, by, tally.First?.Title ?? "none", tally.FirstDecidedBy, tally.Second?.Title ?? "none", tally.SecondDecidedBy);
        return new WeekClosing(week, false, tally.First?.Id, tally.Second?.Id, tally.FirstDecidedBy, tally.SecondDecidedBy, null);
    }

    /// <summary>The admin's "close now" button: closes the current week whatever its phase.</summary>
    public async Task<WeekClosing> CloseNowAsync(long adminId) =>
        await CloseAsync((await settings.ClockAsync()).WeekOf(time.GetUtcNow()), ClosedBy.Admin, adminId);

    /// <summary>
    /// Closes every week whose voting deadline has passed and that has nominations but no result.
    /// At the deadline (<paramref name="by"/> = Deadline) the week that just ended is closed even when
    /// empty, so every week the app ran through has a history row; the start-up catch-up leaves empty
    /// weeks alone, since the app may not have existed then.
    /// </summary>
    public async Task<IReadOnlyList<WeekClosing>> CloseDueWeeksAsync(ClosedBy by)
    {
        var clock = await settings.ClockAsync();
        var reading = clock.Read(time.GetUtcNow());
        var lastEnded = reading.Phase == WeekPhase.Results ? reading.Week : reading.Week.Previous;

        List<string> pending;
        await using (var connection = db.OpenConnection())
        {
            pending = (await connection.QueryAsync<string>("""
                SELECT DISTINCT week FROM nominations
                WHERE week <= @lastEnded AND week NOT IN (SELECT week FROM week_history) ORDER BY week
                """, new { lastEnded = lastEnded.ToString() })).AsList();
        }
        var weeks = pending.Select(text => WeekId.TryParse(text, out var w) ? w : (WeekId?)null).OfType<WeekId>().ToList();
        if (by == ClosedBy.Deadline && !weeks.Contains(lastEnded)) weeks.Add(lastEnded);

        var closings = new List<WeekClosing>();
        foreach (var week in weeks)
            closings.Add(await CloseAsync(week, by));
        return closings;
    }

    private static DecidedBy? Parse(string? rule) => Enum.TryParse<DecidedBy>(rule, out var value) ? value : null;
}
