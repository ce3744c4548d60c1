using System.Data;
using Dapper;
using MovieNight.Migrations;

namespace MovieNight.Web.Weeks;

/// <summary>Who or what opened voting before the schedule did.</summary>
public enum VotingOpenedBy { EveryoneNominated, Admin }

/// <summary>Who or what closed a week: the job at the deadline, the start-up catch-up, or an admin's button.</summary>
public enum ClosedBy { Deadline, CatchUp, Admin }

/// <summary>
/// A week as the game sees it: the schedule's phase, changed by what happened to the week. Voting
/// opens early when every active member has nominated or an admin opened it; a closed week shows
/// its results whatever the schedule says.
/// </summary>
public sealed record WeekState(
    WeekId Week,
    WeekPhase Phase,
    DateTimeOffset? NextChange,
    WeekTimes Times,
    bool IsCurrent,
    bool IsClosed,
    DateTimeOffset? VotingOpenedAt,
    VotingOpenedBy? VotingOpenedBy,
    DateTimeOffset? ClosedAt,
    ClosedBy? ClosedBy)
{
    /// <summary>Why nominating or withdrawing is not possible now, in the member's words; null when it is.</summary>
    public string? NominationClosedMessage => Phase switch
    {
        WeekPhase.Nomination when IsCurrent => null,
        WeekPhase.Nomination => "Nominations for that week are not open.",
        WeekPhase.Voting => "Voting has started, so nominations are closed until next week.",
        _ => IsCurrent ? "This week's results are in; nominations open again when the next week starts." : "That week is over.",
    };

    /// <summary>Why voting is not possible now, in the member's words; null when it is.</summary>
    public string? VotingClosedMessage => Phase switch
    {
        WeekPhase.Voting when IsCurrent => null,
        WeekPhase.Nomination => "Voting has not opened yet.",
        _ => IsCurrent ? "Voting has closed for this week." : "That week is over.",
    };
}

/// <summary>Reads a week's state on the caller's connection, so a write can check the phase in its own transaction.</summary>
internal static class WeekStateQuery
{
    /// <summary>
    /// What the database knows of a week: its row in <c>weeks</c> (if any) and whether results are
    /// written. The vote's decision (VoteBook) reads the same columns, in this order, in its own statement.
    /// </summary>
    // SQLite answers EXISTS with an integer; Dapper matches a positional record's columns in order and types exactly.
    internal sealed record Row(long HasResult, string? VotingOpenedAt, string? VotingOpenedBy, string? ClosedAt, string? ClosedBy);

    private const string Sql = """
        SELECT EXISTS (SELECT 1 FROM week_history h WHERE h.week = @week) AS HasResult,
               w.voting_opened_at AS VotingOpenedAt, w.voting_opened_by AS VotingOpenedBy,
               w.closed_at AS ClosedAt, w.closed_by AS ClosedBy
        FROM (SELECT @week AS week) k LEFT JOIN weeks w ON w.week = k.week
        """;

    public static async Task<WeekState> ReadAsync(IDbConnection connection, IDbTransaction? transaction, WeekClock clock, WeekId week, DateTimeOffset now) =>
        From(await connection.QuerySingleAsync<Row>(Sql, new { week = week.ToString() }, transaction), clock, week, now);

    public static WeekState From(Row row, WeekClock clock, WeekId week, DateTimeOffset now)
    {
        var times = clock.TimesOf(week);
        var current = clock.WeekOf(now);
        var closed = row.HasResult == 1 || row.ClosedAt is not null;
        var openedAt = row.VotingOpenedAt is { } opened ? SqliteTime.Parse(opened) : (DateTimeOffset?)null;

        var (phase, next) = week < current ? (WeekPhase.Results, (DateTimeOffset?)null)
            : week > current ? (WeekPhase.Nomination, times.VotingOpens)
            : closed ? (WeekPhase.Results, times.Ends)
            : clock.Read(now) switch
            {
                // Only a recorded opening counts: a member deactivated or added later never flips the phase back.
                { Phase: WeekPhase.Nomination } when openedAt is not null => (WeekPhase.Voting, times.VotingCloses),
                var reading => (reading.Phase, reading.NextChange),
            };

        return new WeekState(week, phase, next, times, IsCurrent: week == current, closed,
            openedAt, ParseOpenedBy(row.VotingOpenedBy),
            row.ClosedAt is { } closedAt ? SqliteTime.Parse(closedAt) : null, ParseClosedBy(row.ClosedBy));
    }

    public static string Text(VotingOpenedBy by) => by == VotingOpenedBy.Admin ? "admin" : "everyone-nominated";
    public static string Text(ClosedBy by) => by switch { ClosedBy.Admin => "admin", ClosedBy.CatchUp => "catch-up", _ => "deadline" };

    private static VotingOpenedBy? ParseOpenedBy(string? text) => text switch
    {
        "admin" => VotingOpenedBy.Admin,
        "everyone-nominated" => VotingOpenedBy.EveryoneNominated,
        _ => null,
    };

    private static ClosedBy? ParseClosedBy(string? text) => text switch
    {
        "admin" => ClosedBy.Admin,
        "catch-up" => ClosedBy.CatchUp,
        "deadline" => ClosedBy.Deadline,
        _ => null,
    };
}
