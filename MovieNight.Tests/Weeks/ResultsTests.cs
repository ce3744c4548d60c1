using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

public sealed class ResultsTests : IDisposable
{
    private static readonly DateTimeOffset Tuesday = WeekGame.Local(2026, 3, 3);
    private static readonly DateTimeOffset Friday = WeekGame.Local(2026, 3, 6, 12);
    private static readonly DateTimeOffset Saturday = WeekGame.Local(2026, 3, 7);
    private static readonly WeekId Week10 = WeekId.Parse("2026-W10");
    private readonly WeekGame game = new(Tuesday);

    public void Dispose() => game.Dispose();

    private async Task<Member[]> MembersAsync(int count)
    {
        string[] names = ["Timea", "Erik", "Jázmin", "Bence", "Dóra"];
        var members = new Member[count];
        for (var i = 0; i < count; i++) members[i] = await game.MemberAsync(names[i], admin: i == 0);
        return members;
    }

    [Fact]
    public async Task Most_votes_wins_and_second_place_is_the_runner_up()
    {
        var m = await MembersAsync(4);
        var dune = await game.NominateAsync(m[0], "Dune");
        var alien = await game.NominateAsync(m[1], "Alien");
        var heat = await game.NominateAsync(m[2], "Heat");
        game.SetClock(Friday);
        await game.VoteAsync(m[0], alien);
        await game.VoteAsync(m[2], alien);
        await game.VoteAsync(m[3], alien);
        await game.VoteAsync(m[3], heat);
        await game.VoteAsync(m[1], heat);

        var tally = await game.Results.TallyAsync(Week10);
        Assert.Equal([alien, heat, dune], tally.Ranked.Select(r => r.Id));
        Assert.Equal([3, 2, 0], tally.Ranked.Select(r => r.Votes));
        Assert.Equal((DecidedBy.MostVotes, DecidedBy.MostVotes, false), (tally.FirstDecidedBy, tally.SecondDecidedBy, tally.IsFinal));
        Assert.Equal([m[0].Id, m[2].Id, m[3].Id], tally.Ranked[0].VoterIds);
    }

    [Fact]
    public async Task A_tie_goes_to_the_movie_fewer_active_members_have_seen()
    {
        var m = await MembersAsync(4);
        var dune = await game.NominateAsync(m[0], "Dune", tmdbId: 438631);
        var alien = await game.NominateAsync(m[1], "Alien", tmdbId: 348, rating: 9.0);
        game.SetClock(Friday);
        await game.VoteAsync(m[2], dune);
        await game.VoteAsync(m[3], alien);
        // Two members have seen Alien and one has seen Dune: Dune wins despite Alien's rating.
        await game.RecordWatchAsync(m[0], 348, WeekGame.Local(2025, 5, 1), week: "2025-W18");
        await game.RecordWatchAsync(m[2], 348, WeekGame.Local(2025, 6, 1));
        await game.RecordWatchAsync(m[3], 438631, WeekGame.Local(2025, 7, 1));
        // A member who left does not count, nor does a watch after the deadline.
        await game.RecordWatchAsync(m[1], 438631, WeekGame.Local(2025, 7, 1));
        await game.Get<MemberStore>().SetActiveAsync(m[1].Id, false);
        await game.RecordWatchAsync(m[0], 438631, WeekGame.Local(2026, 3, 7), week: "2026-W10");

        var tally = await game.Results.TallyAsync(Week10);
        Assert.Equal([dune, alien], tally.Ranked.Select(r => r.Id));
        Assert.Equal([1, 2], tally.Ranked.Select(r => r.SeenBy));
        Assert.Equal((DecidedBy.FewerHaveSeenIt, DecidedBy.Unopposed), (tally.FirstDecidedBy, tally.SecondDecidedBy));
    }

    [Fact]
    public async Task Then_the_higher_tmdb_rating_wins()
    {
        var m = await MembersAsync(3);
        var dune = await game.NominateAsync(m[0], "Dune", tmdbId: 438631, rating: 7.8);
        var alien = await game.NominateAsync(m[1], "Alien", tmdbId: 348, rating: 8.2);
        var byTitle = await game.NominateAsync(m[2], "Home movie", rating: null);
        game.SetClock(Friday);

        var tally = await game.Results.TallyAsync(Week10);
        Assert.Equal([alien, dune, byTitle], tally.Ranked.Select(r => r.Id));
        Assert.Equal((DecidedBy.HigherRating, DecidedBy.HigherRating), (tally.FirstDecidedBy, tally.SecondDecidedBy));
    }

    [Fact]
    public async Task Then_the_earlier_nomination_wins()
    {
        var m = await MembersAsync(3);
        var dune = await game.NominateAsync(m[0], "Dune", rating: 8.0);
        game.Clock.Advance(TimeSpan.FromMinutes(5));
        var alien = await game.NominateAsync(m[1], "Alien", rating: 8.0);
        game.SetClock(Friday);
        await game.VoteAsync(m[2], dune);
        await game.VoteAsync(m[2], alien);

        var tally = await game.Results.TallyAsync(Week10);
        Assert.Equal([dune, alien], tally.Ranked.Select(r => r.Id));
        Assert.Equal(DecidedBy.EarlierNomination, tally.FirstDecidedBy);
    }

    [Fact]
    public async Task Closing_writes_both_places_and_the_deciding_rules_and_a_second_close_changes_nothing()
    {
        var m = await MembersAsync(3);
        var dune = await game.NominateAsync(m[0], "Dune", rating: 7.0);
        var alien = await game.NominateAsync(m[1], "Alien", rating: 8.0);
        var heat = await game.NominateAsync(m[2], "Heat", rating: 6.0);
        game.SetClock(Friday);
        await game.VoteAsync(m[1], dune);
        await game.VoteAsync(m[2], dune);
        game.SetClock(Saturday);

        var closing = await game.Closer.CloseAsync(Week10, ClosedBy.Deadline);
        Assert.Equal(new WeekClosing(Week10, false, dune, alien, DecidedBy.MostVotes, DecidedBy.HigherRating, null), closing);
        Assert.Equal(closing with { WasAlreadyClosed = true }, await game.Closer.CloseAsync(Week10, ClosedBy.Admin, m[0].Id));
        Assert.Equal(RefusalReason.NotAnAdmin, (await game.Closer.CloseAsync(Week10, ClosedBy.Admin)).Refusal?.Reason);

        await using var connection = game.Db.OpenConnection();
        Assert.Equal((dune, alien), await connection.QuerySingleAsync<(long, long)>(
            "SELECT first_place_id, second_place_id FROM week_history WHERE week = '2026-W10'"));
        Assert.Equal(("deadline", SqliteTime.ToText(Saturday), "MostVotes", "HigherRating"),
            await connection.QuerySingleAsync<(string, string, string, string)>(
                "SELECT closed_by, closed_at, first_decided_by, second_decided_by FROM weeks WHERE week = '2026-W10'"));

        var state = await game.Weeks.GetAsync(Week10);
        Assert.Equal((WeekPhase.Results, true, ClosedBy.Deadline), (state.Phase, state.IsClosed, state.ClosedBy));
        var tally = await game.Results.TallyAsync(Week10);
        Assert.Equal((true, dune, alien, heat), (tally.IsFinal, tally.Ranked[0].Id, tally.Ranked[1].Id, tally.Ranked[2].Id));
    }

    [Fact]
    public async Task A_week_with_no_nominations_closes_empty()
    {
        game.SetClock(Saturday);
        var closing = await game.Closer.CloseAsync(Week10, ClosedBy.Deadline);
        Assert.Equal(new WeekClosing(Week10, false, null, null, null, null, null), closing);
        await using var connection = game.Db.OpenConnection();
        var row = await connection.QuerySingleAsync<(long? First, long? Second)>(
            "SELECT first_place_id, second_place_id FROM week_history WHERE week = '2026-W10'");
        Assert.Equal((null, null), row);
    }

    [Fact]
    public async Task Admin_closes_the_week_early_and_the_next_week_starts_by_itself()
    {
        var m = await MembersAsync(2);
        var dune = await game.NominateAsync(m[1], "Dune");
        Assert.Equal(RefusalReason.NotAnAdmin, (await game.Closer.CloseNowAsync(m[1].Id)).Refusal?.Reason);

        var closing = await game.Closer.CloseNowAsync(m[0].Id);
        Assert.Equal((dune, DecidedBy.Unopposed), (closing.FirstPlaceId, closing.FirstDecidedBy));
        var closed = await game.Weeks.CurrentAsync();
        Assert.Equal((WeekPhase.Results, ClosedBy.Admin, WeekGame.Local(2026, 3, 9, 0)), (closed.Phase, closed.ClosedBy, closed.NextChange));

        game.SetClock(WeekGame.Local(2026, 3, 9, 0));
        var next = await game.Weeks.CurrentAsync();
        Assert.Equal(("2026-W11", WeekPhase.Nomination, false), (next.Week.ToString(), next.Phase, next.IsClosed));
    }

    [Fact]
    public async Task A_week_that_has_not_started_cannot_be_closed()
    {
        var closing = await game.Closer.CloseAsync(WeekId.Parse("2026-W11"), ClosedBy.Deadline);
        Assert.Equal(RefusalReason.WrongPhase, closing.Refusal?.Reason);
    }
}
