using System.Collections.Concurrent;
using Dapper;
using Microsoft.Data.Sqlite;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

public sealed class VoteTests : IDisposable
{
    private static readonly DateTimeOffset Tuesday = WeekGame.Local(2026, 3, 3);
    private static readonly DateTimeOffset Friday = WeekGame.Local(2026, 3, 6, 12);
    private readonly WeekGame game = new(Tuesday);

    public void Dispose() => game.Dispose();

    /// <summary>Four members, each with one nomination, and the clock moved into Friday's voting.</summary>
    private async Task<(Member[] Members, long[] Nominations)> VotingWeekAsync()
    {
        string[] names = ["Timea", "Erik", "Jázmin", "Bence"];
        string[] titles = ["Dune", "Alien", "Amélie", "Heat"];
        var members = new Member[4];
        var nominations = new long[4];
        for (var i = 0; i < 4; i++) members[i] = await game.MemberAsync(names[i], admin: i == 0);
        for (var i = 0; i < 4; i++) nominations[i] = await game.NominateAsync(members[i], titles[i]);
        game.SetClock(Friday);
        return (members, nominations);
    }

    [Fact]
    public async Task Vote_toggles_on_and_off_reporting_remaining_votes_and_tally()
    {
        var (m, n) = await VotingWeekAsync();
        var on = await game.Votes.ToggleAsync(m[0].Id, n[1]);
        Assert.Equal((n[1], true, 1, 1, (Refusal?)null), (on.NominationId, on.Voted, on.RemainingVotes, on.Tally, on.Refusal));
        Assert.Equal([m[0].Id], on.VoterIds);
        var second = await game.Votes.ToggleAsync(m[2].Id, n[1]);
        Assert.Equal(2, second.Tally);
        Assert.Equal([m[0].Id, m[2].Id], second.VoterIds);

        var off = await game.Votes.ToggleAsync(m[0].Id, n[1]);
        Assert.Equal((n[1], false, 2, 1, (Refusal?)null), (off.NominationId, off.Voted, off.RemainingVotes, off.Tally, off.Refusal));
        Assert.Equal([m[2].Id], off.VoterIds);
        var ballot = await game.Votes.BallotAsync(m[2].Id);
        Assert.Equal([n[1]], ballot.VotedFor);
        Assert.Equal(1, ballot.RemainingVotes);
    }

    [Fact]
    public async Task A_vote_beyond_the_limit_is_refused_and_changes_nothing()
    {
        var (m, n) = await VotingWeekAsync();
        await game.VoteAsync(m[0], n[1]);
        await game.VoteAsync(m[0], n[2]);
        var third = await game.Votes.ToggleAsync(m[0].Id, n[3]);
        Assert.Equal(new Refusal(RefusalReason.LimitReached, "You have used all 2 of your votes; take one back to vote for another movie."), third.Refusal);
        Assert.Equal((false, 0, 0), (third.Voted, third.RemainingVotes, third.Tally));
        Assert.Equal(2, await VoteCountAsync(m[0].Id));
    }

    [Fact]
    public async Task Voting_for_ones_own_nomination_is_refused_unless_the_household_allows_it()
    {
        var (m, n) = await VotingWeekAsync();
        var own = await game.Votes.ToggleAsync(m[1].Id, n[1]);
        Assert.Equal(new Refusal(RefusalReason.OwnNomination, "You cannot vote for your own nomination."), own.Refusal);

        Assert.Empty(await game.Settings.SaveAsync(WeekRules.Default with { SelfVoteAllowed = true }));
        Assert.True((await game.Votes.ToggleAsync(m[1].Id, n[1])).Voted);
    }

    [Fact]
    public async Task Voting_is_refused_before_voting_opens_and_after_the_deadline()
    {
        var timea = await game.MemberAsync("Timea");
        var erik = await game.MemberAsync("Erik");
        var jazmin = await game.MemberAsync("Jázmin");
        var dune = await game.NominateAsync(timea, "Dune");
        await game.NominateAsync(erik, "Alien");

        Assert.Equal(new Refusal(RefusalReason.WrongPhase, "Voting has not opened yet."), (await game.Votes.ToggleAsync(erik.Id, dune)).Refusal);
        game.SetClock(WeekGame.Local(2026, 3, 6, 18));
        Assert.Equal("Voting has closed for this week.", (await game.Votes.ToggleAsync(erik.Id, dune)).Refusal?.Message);
        game.SetClock(WeekGame.Local(2026, 3, 10));
        Assert.Equal("That week is over.", (await game.Votes.ToggleAsync(jazmin.Id, dune)).Refusal?.Message);
    }

    [Fact]
    public async Task A_closed_week_refuses_votes_even_before_the_deadline()
    {
        var (m, n) = await VotingWeekAsync();
        Assert.True((await game.Closer.CloseNowAsync(m[0].Id)).Succeeded);
        Assert.Equal(RefusalReason.WrongPhase, (await game.Votes.ToggleAsync(m[1].Id, n[0])).Refusal?.Reason);
    }

    [Fact]
    public async Task Write_transactions_take_the_write_lock_when_they_begin()
    {
        // Microsoft.Data.Sqlite's BeginTransaction is BEGIN IMMEDIATE: a second writer waits at BEGIN,
        // before it has read anything, so a limit it checks cannot be stale by the time it writes.
        await using var first = game.Db.OpenConnection();
        await using var held = first.BeginTransaction();
        await using var second = new SqliteConnection(game.Db.ConnectionString + ";Default Timeout=1");
        await second.OpenAsync();
        var busy = Assert.Throws<SqliteException>(() => second.BeginTransaction());
        Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
    }

    [Fact]
    public async Task A_toggle_that_meets_a_locked_database_changes_nothing_and_the_next_one_works()
    {
        var (m, n) = await VotingWeekAsync();
        Assert.True((await game.Votes.ToggleAsync(m[0].Id, n[1])).Voted);

        // Another program (the import CLI, say) holds the write lock for longer than the busy timeout.
        await using (var outsider = game.Db.OpenConnection())
        await using (outsider.BeginTransaction())
        {
            var busy = await Assert.ThrowsAsync<SqliteException>(() => game.Votes.ToggleAsync(m[0].Id, n[2]));
            Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
        }

        // The vote toggle's own connection was set aside; a fresh one takes the next toggle.
        var next = await game.Votes.ToggleAsync(m[0].Id, n[2]);
        Assert.True(next.Succeeded);
        Assert.True(next.Voted);
        Assert.Equal(0, next.RemainingVotes);
        Assert.Equal(new[] { n[1], n[2] }.Order(), (await game.Votes.BallotAsync(m[0].Id)).VotedFor.Order());
    }

    [Fact]
    public async Task Concurrent_toggles_by_one_member_never_exceed_the_limit_and_lose_no_acknowledged_vote()
    {
        var (m, n) = await VotingWeekAsync();
        var voter = m[0];
        await using (var connection = game.Db.OpenConnection())
        {
            // A tripwire for the test only: any moment with more than 2 votes would abort that write.
            await connection.ExecuteAsync("""
                CREATE TRIGGER test_never_over_the_limit AFTER INSERT ON votes
                WHEN (SELECT count(*) FROM votes WHERE user_id = NEW.user_id AND week = NEW.week) > 2
                BEGIN SELECT RAISE(ABORT, 'more than 2 votes'); END
                """);
        }

        var acknowledged = new ConcurrentBag<VoteResult>();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            acknowledged.Add(await game.Votes.ToggleAsync(voter.Id, n[1 + i % 3])))));
        // n[0] is the voter's own; toggles spread over the other three plus a few on their own.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            acknowledged.Add(await game.Votes.ToggleAsync(voter.Id, n[0])))));

        Assert.Equal(56, acknowledged.Count);
        Assert.All(acknowledged, r => Assert.True(r.Succeeded || r.Refusal!.Reason is RefusalReason.LimitReached or RefusalReason.OwnNomination, r.Refusal?.Message));
        Assert.All(acknowledged, r => Assert.InRange(r.RemainingVotes, 0, 2));

        // Toggles ran one after another, so a nomination holds the vote exactly when it was toggled
        // successfully an odd number of times: every acknowledged change is in the database, and nothing else.
        var final = (await VotesOfAsync(voter.Id)).ToHashSet();
        Assert.InRange(final.Count, 0, 2);
        foreach (var nomination in n)
        {
            var changes = acknowledged.Count(r => r.NominationId == nomination && r.Succeeded);
            Assert.Equal(changes % 2 == 1, final.Contains(nomination));
        }
    }

    private async Task<long> VoteCountAsync(long memberId) => (await VotesOfAsync(memberId)).Count;

    private async Task<List<long>> VotesOfAsync(long memberId)
    {
        await using var connection = game.Db.OpenConnection();
        return (await connection.QueryAsync<long>("SELECT nomination_id FROM votes WHERE user_id = @memberId", new { memberId })).AsList();
    }
}
