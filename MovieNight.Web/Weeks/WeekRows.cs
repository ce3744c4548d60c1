using System.Data;
using Dapper;
using MovieNight.Migrations;

namespace MovieNight.Web.Weeks;

/// <summary>Writes to the weeks table, run inside the caller's transaction.</summary>
internal static class WeekRows
{
    /// <summary>Records that voting opened early; the first opening is the one kept.</summary>
    public static Task OpenVotingAsync(IDbConnection connection, IDbTransaction transaction, WeekId week, DateTimeOffset at, VotingOpenedBy by, long? memberId) =>
        connection.ExecuteAsync("""
            INSERT INTO weeks (week, voting_opened_at, voting_opened_by, voting_opened_by_member) VALUES (@week, @at, @by, @memberId)
            ON CONFLICT (week) DO UPDATE SET voting_opened_at = excluded.voting_opened_at, voting_opened_by = excluded.voting_opened_by,
                                             voting_opened_by_member = excluded.voting_opened_by_member
            WHERE weeks.voting_opened_at IS NULL
            """, new { week = week.ToString(), at = SqliteTime.ToText(at), by = WeekStateQuery.Text(by), memberId }, transaction);

    public static Task CloseAsync(IDbConnection connection, IDbTransaction transaction, WeekId week, DateTimeOffset at, ClosedBy by, long? memberId,
        DecidedBy? first, DecidedBy? second) =>
        connection.ExecuteAsync("""
            INSERT INTO weeks (week, closed_at, closed_by, closed_by_member, first_decided_by, second_decided_by)
            VALUES (@week, @at, @by, @memberId, @first, @second)
            ON CONFLICT (week) DO UPDATE SET closed_at = excluded.closed_at, closed_by = excluded.closed_by,
                closed_by_member = excluded.closed_by_member, first_decided_by = excluded.first_decided_by,
                second_decided_by = excluded.second_decided_by
            """, new { week = week.ToString(), at = SqliteTime.ToText(at), by = WeekStateQuery.Text(by), memberId, first = first?.ToString(), second = second?.ToString() },
            transaction);
}

/// <summary>Who may play, checked in the same transaction as the write it guards.</summary>
internal static class MemberChecks
{
    public static async Task<bool> IsActiveAsync(IDbConnection connection, IDbTransaction transaction, long memberId) =>
        await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM users WHERE id = @memberId AND is_active = 1", new { memberId }, transaction) == 1;

    public static async Task<bool> IsActiveAdminAsync(IDbConnection connection, IDbTransaction transaction, long memberId) =>
        await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM users WHERE id = @memberId AND is_active = 1 AND is_admin = 1", new { memberId }, transaction) == 1;
}
