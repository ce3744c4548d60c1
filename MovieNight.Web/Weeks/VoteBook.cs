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
    /// <summary>Everything a toggle decides on, read in one statement under the write gate.</summary>
    private sealed record Decision(string Week, long ProposedBy, string Title, long MemberActive, long Voted, long Used, string Voters);

    // The week's columns are WeekStateQuery.Row's, split off by Dapper at HasResult: never null, as a split's first column must be.
    private const string DecisionSql = """
        SELECT n.week AS Week, n.proposed_by AS ProposedBy, n.title AS Title,
               EXISTS (SELECT 1 FROM users WHERE id = @memberId AND is_active = 1) AS MemberActive,
               EXISTS (SELECT 1 FROM votes WHERE nomination_id = n.id AND user_id = @memberId) AS Voted,
               (SELECT count(*) FROM votes WHERE user_id = @memberId AND week = n.week) AS Used,
               coalesce((SELECT group_concat(user_id) FROM (SELECT user_id FROM votes WHERE nomination_id = n.id ORDER BY id)), '') AS Voters,
               EXISTS (SELECT 1 FROM week_history h WHERE h.week = n.week) AS HasResult,
               w.voting_opened_at AS VotingOpenedAt, w.voting_opened_by AS VotingOpenedBy, w.closed_at AS ClosedAt, w.closed_by AS ClosedBy
        FROM nominations n LEFT JOIN weeks w ON w.week = n.week
        WHERE n.id = @nominationId
        """;

    public async Task<VoteResult> ToggleAsync(long memberId, long nominationId)
    {
        var (rules, clock) = await settings.ReadWithClockAsync();
        var now = time.GetUtcNow();
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();

        // One read and one write per toggle: the gate is held for as short a time as possible.
        var (decision, weekRow) = (await connection.QueryAsync<Decision, WeekStateQuery.Row, (Decision, WeekStateQuery.Row)>(
            DecisionSql, (d, w) => (d, w), new { nominationId, memberId }, transaction, splitOn: "HasResult")).SingleOrDefault();
        if (decision is null || !WeekId.TryParse(decision.Week, out var week))
            return await NotFoundAsync(connection, transaction, memberId, nominationId, clock.WeekOf(now), rules);

        var voters = decision.Voters.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        var used = (int)decision.Used;
        var refusal = Refuse(decision, WeekStateQuery.From(weekRow, clock, week, now), memberId, used, rules);
        if (refusal is null && decision.Voted == 1)
        {
            await connection.ExecuteAsync("DELETE FROM votes WHERE nomination_id = @nominationId AND user_id = @memberId",
                new { nominationId, memberId }, transaction);
            voters.Remove(memberId);
            used--;
        }
        else if (refusal is null)
        {
            await connection.ExecuteAsync(
                "INSERT INTO votes (nomination_id, user_id, week, created_at) VALUES (@nominationId, @memberId, @week, @at)",
                new { nominationId, memberId, week = decision.Week, at = SqliteTime.ToText(now) }, transaction);
            voters.Add(memberId); // the newest vote has the highest id, so it is listed last
            used++;
        }
        await transaction.CommitAsync();
        return new VoteResult(nominationId, voters.Contains(memberId), Math.Max(0, rules.VotesPerMember - used), voters.Count, refusal)
        {
            Title = decision.Title,
            VoterIds = voters,
        };
    }

    /// <summary>Why this toggle may not happen; null when it may. Taking a vote back is refused only outside voting.</summary>
    private static Refusal? Refuse(Decision decision, WeekState state, long memberId, int used, WeekRules rules)
    {
        if (decision.MemberActive != 1) return new Refusal(RefusalReason.NotAMember, "Only the household's active members can vote.");
        if (state.VotingClosedMessage is { } closed) return new Refusal(RefusalReason.WrongPhase, closed);
        if (decision.Voted == 1) return null;
        if (decision.ProposedBy == memberId && !rules.SelfVoteAllowed)
            return new Refusal(RefusalReason.OwnNomination, "You cannot vote for your own nomination.");
        if (used >= rules.VotesPerMember)
            return new Refusal(RefusalReason.LimitReached, rules.VotesPerMember == 1
                ? "You have used your vote; take it back to vote for another movie."
                : $"You have used all {rules.VotesPerMember} of your votes; take one back to vote for another movie.");
        return null;
    }

    private static async Task<VoteResult> NotFoundAsync(SqliteConnection connection, SqliteTransaction transaction,
        long memberId, long nominationId, WeekId week, WeekRules rules)
    {
        var used = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM votes WHERE user_id = @memberId AND week = @week",
            new { memberId, week = week.ToString() }, transaction);
        return new VoteResult(nominationId, false, Math.Max(0, rules.VotesPerMember - (int)used), 0,
            new Refusal(RefusalReason.NotFound, "That nomination is no longer there."));
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
}
