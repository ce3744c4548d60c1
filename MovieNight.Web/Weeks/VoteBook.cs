using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Weeks;

/// <summary>
/// The outcome of a toggle: whether the member now votes for the nomination, how many votes they
/// have left and the nomination's tally, all as committed (or, when refused, as they stand).
/// </summary>
public sealed record VoteResult(long NominationId, bool Voted, int RemainingVotes, int Tally, Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;
    public string Title { get; init; } = "";
    /// <summary>Who votes for the nomination now, in the order they voted: the answer shows them beside the tally.</summary>
    public IReadOnlyList<long> VoterIds { get; init; } = [];
}

/// <summary>A member's votes in a week: which nominations they vote for and how many votes are left.</summary>
public sealed record Ballot(WeekId Week, IReadOnlySet<long> VotedFor, int RemainingVotes, int VotesPerMember);

/// <summary>
/// Voting. A toggle reads the limit and writes the vote in one write transaction: Microsoft.Data.Sqlite
/// begins it with BEGIN IMMEDIATE, so no two toggles can both see a free vote and both take it, even
/// from outside this process. Inside it, the write gate queues them so they never wait on SQLite.
/// </summary>
public sealed class VoteBook(Db db, HouseholdSettings settings, TimeProvider time, WeekWriteGate gate)
{
    private sealed record Target(string Week, long ProposedBy, string Title, long MemberActive);

    public async Task<VoteResult> ToggleAsync(long memberId, long nominationId)
    {
        var (rules, clock) = await settings.ReadWithClockAsync();
        var now = time.GetUtcNow();
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();

        // One statement for the nomination and whether the voter is an active member: this runs under the write gate.
        var target = await connection.QuerySingleOrDefaultAsync<Target>("""
            SELECT week AS Week, proposed_by AS ProposedBy, title AS Title,
                   EXISTS (SELECT 1 FROM users WHERE id = @memberId AND is_active = 1) AS MemberActive
            FROM nominations WHERE id = @nominationId
            """, new { nominationId, memberId }, transaction);
        if (target is null || !WeekId.TryParse(target.Week, out var week))
            return await RefusedAsync(RefusalReason.NotFound, "That nomination is no longer there.", clock.WeekOf(now));
        if (target.MemberActive != 1)
            return await RefusedAsync(RefusalReason.NotAMember, "Only the household's active members can vote.", week);
        var state = await WeekStateQuery.ReadAsync(connection, transaction, clock, week, now);
        if (state.VotingClosedMessage is { } closed)
            return await RefusedAsync(RefusalReason.WrongPhase, closed, week);

        var removed = await connection.ExecuteAsync(
            "DELETE FROM votes WHERE nomination_id = @nominationId AND user_id = @memberId AND week = @week",
            new { nominationId, memberId, week = target.Week }, transaction);
        if (removed == 0)
        {
            if (target.ProposedBy == memberId && !rules.SelfVoteAllowed)
                return await RefusedAsync(RefusalReason.OwnNomination, "You cannot vote for your own nomination.", week);
            if (await UsedVotesAsync(connection, transaction, memberId, week) >= rules.VotesPerMember)
                return await RefusedAsync(RefusalReason.LimitReached, rules.VotesPerMember == 1
                    ? "You have used your vote; take it back to vote for another movie."
                    : $"You have used all {rules.VotesPerMember} of your votes; take one back to vote for another movie.", week);
            await connection.ExecuteAsync(
                "INSERT INTO votes (nomination_id, user_id, week, created_at) VALUES (@nominationId, @memberId, @week, @at)",
                new { nominationId, memberId, week = target.Week, at = SqliteTime.ToText(now) }, transaction);
        }
        var result = await ReadResultAsync(connection, transaction, memberId, nominationId, week, rules, refusal: null);
        await transaction.CommitAsync();
        return result with { Title = target.Title };

        async Task<VoteResult> RefusedAsync(RefusalReason reason, string message, WeekId ofWeek) =>
            await ReadResultAsync(connection, transaction, memberId, nominationId, ofWeek, rules, new Refusal(reason, message))
                with { Title = target?.Title ?? "" };
    }

    /// <summary>The member's ballot for the current week (by the household's clock).</summary>
    public async Task<Ballot> BallotAsync(long memberId)
    {
        var (rules, clock) = await settings.ReadWithClockAsync();
        var week = clock.WeekOf(time.GetUtcNow());
        await using var connection = db.OpenConnection();
        var votedFor = (await connection.QueryAsync<long>(
            "SELECT nomination_id FROM votes WHERE user_id = @memberId AND week = @week", new { memberId, week = week.ToString() })).ToHashSet();
        return new Ballot(week, votedFor, Math.Max(0, rules.VotesPerMember - votedFor.Count), rules.VotesPerMember);
    }

    private static async Task<VoteResult> ReadResultAsync(SqliteConnection connection, SqliteTransaction transaction,
        long memberId, long nominationId, WeekId week, WeekRules rules, Refusal? refusal)
    {
        var row = await connection.QuerySingleAsync<(long Used, string? Voters)>("""
            SELECT (SELECT count(*) FROM votes WHERE user_id = @memberId AND week = @week),
                   (SELECT group_concat(user_id) FROM (SELECT user_id FROM votes WHERE nomination_id = @nominationId ORDER BY id))
            """, new { nominationId, memberId, week = week.ToString() }, transaction);
        var voters = row.Voters is null ? [] : row.Voters.Split(',').Select(long.Parse).ToList();
        return new VoteResult(nominationId, voters.Contains(memberId), Math.Max(0, rules.VotesPerMember - (int)row.Used), voters.Count, refusal)
        {
            VoterIds = voters,
        };
    }

    private static Task<long> UsedVotesAsync(SqliteConnection connection, SqliteTransaction transaction, long memberId, WeekId week) =>
        connection.ExecuteScalarAsync<long>("SELECT count(*) FROM votes WHERE user_id = @memberId AND week = @week",
            new { memberId, week = week.ToString() }, transaction);
}
