using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Weeks;

/// <summary>Weeks as the pages see them, and the admin's "open voting now".</summary>
public sealed class WeekStore(Db db, HouseholdSettings settings, TimeProvider time, WeekWriteGate gate)
{
    /// <summary>The week it is now in the household's time zone. A new week starts by itself when the clock says so.</summary>
    public async Task<WeekState> CurrentAsync()
    {
        var clock = await settings.ClockAsync();
        var now = time.GetUtcNow();
        return await ReadAsync(clock, clock.WeekOf(now), now);
    }

    public async Task<WeekState> GetAsync(WeekId week) => await ReadAsync(await settings.ClockAsync(), week, time.GetUtcNow());

    /// <summary>Opens voting on the current week before the schedule does. Null when it is open.</summary>
    public async Task<Refusal?> OpenVotingAsync(long adminId)
    {
        var clock = await settings.ClockAsync();
        var now = time.GetUtcNow();
        var week = clock.WeekOf(now);
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        if (!await MemberChecks.IsActiveAdminAsync(connection, transaction, adminId))
            return new Refusal(RefusalReason.NotAnAdmin, "Only an admin can open voting.");
        var state = await WeekStateQuery.ReadAsync(connection, transaction, clock, week, now);
        if (state.Phase != WeekPhase.Nomination)
            return new Refusal(RefusalReason.WrongPhase, state.Phase == WeekPhase.Voting ? "Voting is already open." : "This week is closed.");
        await WeekRows.OpenVotingAsync(connection, transaction, week, now, VotingOpenedBy.Admin, adminId);
        await transaction.CommitAsync();
        return null;
    }

    private async Task<WeekState> ReadAsync(WeekClock clock, WeekId week, DateTimeOffset now)
    {
        await using var connection = db.OpenConnection();
        return await WeekStateQuery.ReadAsync(connection, null, clock, week, now);
    }
}
