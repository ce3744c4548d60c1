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
    private sealed record Decision(string Week, long ProposedBy, string Title, bool MemberActive, bool Voted, int Used, string Voters);

    // Prepared once on the gate's connection; only the holder of the gate touches them.
    private VoteStatements? statements;

    public async Task<VoteResult> ToggleAsync(long memberId, long nominationId)
    {
        var (rules, clock) = await settings.ReadWithClockAsync();
        var now = time.GetUtcNow();
        using var turn = await gate.EnterAsync();
        try
        {
            return Toggle(turn.Connection, memberId, nominationId, rules, clock, now);
        }
        catch
        {
            // Whatever went wrong, the next toggle starts on a fresh connection with fresh statements.
            statements = null;
            turn.DiscardConnection();
            throw;
        }
    }

    /// <summary>One read and one write: the gate is held for as short a time as possible.</summary>
    private VoteResult Toggle(SqliteConnection connection, long memberId, long nominationId, WeekRules rules, WeekClock clock, DateTimeOffset now)
    {
        var sql = statements is { } prepared && prepared.Connection == connection ? prepared : statements = new VoteStatements(connection);
        using var transaction = connection.BeginTransaction();
        var (decision, weekRow) = sql.Decide(transaction, nominationId, memberId);
        if (decision is null || weekRow is null || !WeekId.TryParse(decision.Week, out var week))
        {
            var used = connection.ExecuteScalar<long>("SELECT count(*) FROM votes WHERE user_id = @memberId AND week = @week",
                new { memberId, week = clock.WeekOf(now).ToString() }, transaction);
            return new VoteResult(nominationId, false, Math.Max(0, rules.VotesPerMember - (int)used), 0,
                new Refusal(RefusalReason.NotFound, "That nomination is no longer there."));
        }

        var voters = decision.Voters.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        var votesUsed = decision.Used;
        var refusal = Refuse(decision, WeekStateQuery.From(weekRow, clock, week, now), memberId, rules);
        if (refusal is null && decision.Voted)
        {
            sql.Remove(transaction, nominationId, memberId);
            voters.Remove(memberId);
            votesUsed--;
        }
        else if (refusal is null)
        {
            sql.Add(transaction, nominationId, memberId, decision.Week, now);
            voters.Add(memberId); // the newest vote has the highest id, so it is listed last
            votesUsed++;
        }
        transaction.Commit();
        return new VoteResult(nominationId, voters.Contains(memberId), Math.Max(0, rules.VotesPerMember - votesUsed), voters.Count, refusal)
        {
            Title = decision.Title,
            VoterIds = voters,
        };
    }

    /// <summary>Why this toggle may not happen; null when it may. Taking a vote back is refused only outside voting.</summary>
    private static Refusal? Refuse(Decision decision, WeekState state, long memberId, WeekRules rules)
    {
        if (!decision.MemberActive) return new Refusal(RefusalReason.NotAMember, "Only the household's active members can vote.");
        if (state.VotingClosedMessage is { } closed) return new Refusal(RefusalReason.WrongPhase, closed);
        if (decision.Voted) return null;
        if (decision.ProposedBy == memberId && !rules.SelfVoteAllowed)
            return new Refusal(RefusalReason.OwnNomination, "You cannot vote for your own nomination.");
        if (decision.Used >= rules.VotesPerMember)
            return new Refusal(RefusalReason.LimitReached, rules.VotesPerMember == 1
                ? "You have used your vote; take it back to vote for another movie."
                : $"You have used all {rules.VotesPerMember} of your votes; take one back to vote for another movie.");
        return null;
    }

    /// <summary>
    /// The toggle's three statements, prepared on one connection and run again with new values:
    /// parsing and planning the decision's subqueries costs more than running them.
    /// </summary>
    private sealed class VoteStatements
    {
        private readonly SqliteCommand decide, add, remove;

        public VoteStatements(SqliteConnection connection)
        {
            Connection = connection;
            // The week's columns, from HasResult on, are WeekStateQuery.Row's.
            decide = Prepare("""
                SELECT n.week, n.proposed_by, n.title,
                       EXISTS (SELECT 1 FROM users WHERE id = $member AND is_active = 1),
                       EXISTS (SELECT 1 FROM votes WHERE nomination_id = n.id AND user_id = $member),
                       (SELECT count(*) FROM votes WHERE user_id = $member AND week = n.week),
                       coalesce((SELECT group_concat(user_id) FROM (SELECT user_id FROM votes WHERE nomination_id = n.id ORDER BY id)), ''),
                       EXISTS (SELECT 1 FROM week_history h WHERE h.week = n.week),
                       w.voting_opened_at, w.voting_opened_by, w.closed_at, w.closed_by
                FROM nominations n LEFT JOIN weeks w ON w.week = n.week
                WHERE n.id = $nomination
                """, "$nomination", "$member");
            add = Prepare("INSERT INTO votes (nomination_id, user_id, week, created_at) VALUES ($nomination, $member, $week, $at)",
                "$nomination", "$member", "$week", "$at");
            remove = Prepare("DELETE FROM votes WHERE nomination_id = $nomination AND user_id = $member", "$nomination", "$member");

            SqliteCommand Prepare(string text, params string[] parameters)
            {
                var command = connection.CreateCommand();
                command.CommandText = text;
                foreach (var name in parameters) command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
                command.Prepare();
                return command;
            }
        }

        public SqliteConnection Connection { get; }

        public (Decision?, WeekStateQuery.Row?) Decide(SqliteTransaction transaction, long nominationId, long memberId)
        {
            using var reader = Run(decide, transaction, nominationId, memberId).ExecuteReader();
            if (!reader.Read()) return (null, null);
            string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
            return (new Decision(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3) == 1,
                    reader.GetInt64(4) == 1, (int)reader.GetInt64(5), reader.GetString(6)),
                new WeekStateQuery.Row(reader.GetInt64(7), Text(8), Text(9), Text(10), Text(11)));
        }

        public void Add(SqliteTransaction transaction, long nominationId, long memberId, string week, DateTimeOffset at)
        {
            add.Parameters["$week"].Value = week;
            add.Parameters["$at"].Value = SqliteTime.ToText(at);
            Run(add, transaction, nominationId, memberId).ExecuteNonQuery();
        }

        public void Remove(SqliteTransaction transaction, long nominationId, long memberId) =>
            Run(remove, transaction, nominationId, memberId).ExecuteNonQuery();

        private static SqliteCommand Run(SqliteCommand command, SqliteTransaction transaction, long nominationId, long memberId)
        {
            command.Transaction = transaction;
            command.Parameters["$nomination"].Value = nominationId;
            command.Parameters["$member"].Value = memberId;
            return command;
        }
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
