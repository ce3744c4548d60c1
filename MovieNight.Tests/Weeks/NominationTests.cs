using Dapper;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

public sealed class NominationTests : IDisposable
{
    private static readonly DateTimeOffset Tuesday = WeekGame.Local(2026, 3, 3);
    private static readonly DateTimeOffset Friday = WeekGame.Local(2026, 3, 6, 12);
    private readonly WeekGame game = new(Tuesday);

    public void Dispose() => game.Dispose();

    [Fact]
    public async Task Member_nominates_by_title_and_year_without_tmdb()
    {
        var timea = await game.MemberAsync("Timea");
        await game.MemberAsync("Erik");
        var result = await game.Nominations.NominateAsync(timea.Id, new MovieChoice(" Amélie ", "2001"));
        Assert.True(result.Succeeded);
        Assert.False(result.VotingOpened);

        await using var connection = game.Db.OpenConnection();
        var row = await connection.QuerySingleAsync<(string Week, long? TmdbId, string Title, string Year)>(
            "SELECT week, tmdb_id, title, year FROM nominations WHERE id = @id", new { id = result.NominationId });
        Assert.Equal(("2026-W10", (long?)null, "Amélie", "2001"), row);
    }

    [Fact]
    public async Task Same_tmdb_movie_twice_in_a_week_is_refused_naming_who_nominated_it()
    {
        var timea = await game.MemberAsync("Timea");
        var erik = await game.MemberAsync("Erik");
        await game.NominateAsync(timea, "Dune", tmdbId: 438631);
        var again = await game.Nominations.NominateAsync(erik.Id, new MovieChoice("Dune: Part One", "2021", 438631));
        Assert.Equal(new Refusal(RefusalReason.AlreadyNominated, "“Dune” is already nominated by Timea.") { Field = "title" }, again.Refusal);
    }

    [Fact]
    public async Task Same_title_and_year_without_tmdb_counts_as_the_same_movie()
    {
        var timea = await game.MemberAsync("Timea");
        var erik = await game.MemberAsync("Erik");
        await game.NominateAsync(timea, "The Thing", year: "1982");
        var again = await game.Nominations.NominateAsync(erik.Id, new MovieChoice("the  THING", "1982", TmdbId: 1091));
        Assert.Equal("“The Thing” is already nominated by Timea.", again.Refusal?.Message);
        // Another year is another movie.
        Assert.True((await game.Nominations.NominateAsync(erik.Id, new MovieChoice("The Thing", "2011"))).Succeeded);
    }

    [Fact]
    public async Task Nominating_more_than_the_limit_is_refused()
    {
        var timea = await game.MemberAsync("Timea");
        await game.MemberAsync("Erik");
        await game.NominateAsync(timea, "Dune");
        var second = await game.Nominations.NominateAsync(timea.Id, new MovieChoice("Alien", "1979"));
        Assert.Equal(RefusalReason.LimitReached, second.Refusal?.Reason);
        Assert.Equal("You have already nominated a movie this week; withdraw it to nominate another.", second.Refusal?.Message);

        Assert.Empty(await game.Settings.SaveAsync(WeekRules.Default with { NominationsPerMember = 2 }));
        Assert.True((await game.Nominations.NominateAsync(timea.Id, new MovieChoice("Alien", "1979"))).Succeeded);
    }

    [Fact]
    public async Task Member_withdraws_their_own_nomination_and_may_nominate_again()
    {
        var timea = await game.MemberAsync("Timea");
        await game.MemberAsync("Erik");
        var dune = await game.NominateAsync(timea, "Dune");
        Assert.Null(await game.Nominations.WithdrawAsync(timea.Id, dune));
        Assert.Equal(RefusalReason.NotFound, (await game.Nominations.WithdrawAsync(timea.Id, dune))?.Reason);
        await game.NominateAsync(timea, "Alien");
    }

    [Fact]
    public async Task Withdrawing_someone_elses_nomination_is_refused()
    {
        var timea = await game.MemberAsync("Timea");
        var erik = await game.MemberAsync("Erik");
        var dune = await game.NominateAsync(timea, "Dune");
        Assert.Equal(new Refusal(RefusalReason.NotYours, "Only Timea can withdraw “Dune”."), await game.Nominations.WithdrawAsync(erik.Id, dune));
    }

    [Fact]
    public async Task Nominating_and_withdrawing_are_refused_once_voting_has_started()
    {
        var timea = await game.MemberAsync("Timea");
        var erik = await game.MemberAsync("Erik");
        var dune = await game.NominateAsync(timea, "Dune");
        game.SetClock(Friday);

        var late = await game.Nominations.NominateAsync(erik.Id, new MovieChoice("Alien", "1979"));
        Assert.Equal(new Refusal(RefusalReason.WrongPhase, "Voting has started, so nominations are closed until next week."), late.Refusal);
        Assert.Equal(RefusalReason.WrongPhase, (await game.Nominations.WithdrawAsync(timea.Id, dune))?.Reason);
    }

    [Fact]
    public async Task Nominating_is_refused_once_the_weeks_results_are_in()
    {
        var timea = await game.MemberAsync("Timea");
        game.SetClock(WeekGame.Local(2026, 3, 7));
        var result = await game.Nominations.NominateAsync(timea.Id, new MovieChoice("Alien", "1979"));
        Assert.Equal("This week's results are in; nominations open again when the next week starts.", result.Refusal?.Message);

        game.SetClock(WeekGame.Local(2026, 3, 9, 0)); // the next Monday: a new week starts by itself
        Assert.True((await game.Nominations.NominateAsync(timea.Id, new MovieChoice("Alien", "1979"))).Succeeded);
    }

    [Fact]
    public async Task A_movie_needs_a_title_and_a_year_is_four_digits()
    {
        var timea = await game.MemberAsync("Timea");
        Assert.Equal("Enter the movie's title.", (await game.Nominations.NominateAsync(timea.Id, new MovieChoice("  ", null))).Refusal?.Message);
        Assert.Equal(RefusalReason.Invalid, (await game.Nominations.NominateAsync(timea.Id, new MovieChoice("Alien", "79"))).Refusal?.Reason);
        Assert.True((await game.Nominations.NominateAsync(timea.Id, new MovieChoice("Alien", null))).Succeeded);
    }

    [Fact]
    public async Task Voting_opens_early_when_every_active_member_has_nominated()
    {
        var timea = await game.MemberAsync("Timea", admin: true);
        var erik = await game.MemberAsync("Erik");
        var away = await game.MemberAsync("Away");
        await game.Get<MovieNight.Web.Household.MemberStore>().SetActiveAsync(away.Id, false);

        await game.NominateAsync(timea, "Dune");
        Assert.Equal(WeekPhase.Nomination, (await game.Weeks.CurrentAsync()).Phase);
        var last = await game.Nominations.NominateAsync(erik.Id, new MovieChoice("Alien", "1979"));
        Assert.True(last.VotingOpened);

        var week = await game.Weeks.CurrentAsync();
        Assert.Equal((WeekPhase.Voting, VotingOpenedBy.EveryoneNominated, Tuesday), (week.Phase, week.VotingOpenedBy, week.VotingOpenedAt));
        Assert.Equal(WeekGame.Local(2026, 3, 6, 18), week.NextChange);

        // Voting stays open when a new member joins afterwards.
        await game.MemberAsync("Newcomer");
        Assert.Equal(WeekPhase.Voting, (await game.Weeks.CurrentAsync()).Phase);
    }

    [Fact]
    public async Task Admin_opens_voting_by_hand_and_others_cannot()
    {
        var timea = await game.MemberAsync("Timea", admin: true);
        var erik = await game.MemberAsync("Erik");
        Assert.Equal(RefusalReason.NotAnAdmin, (await game.Weeks.OpenVotingAsync(erik.Id))?.Reason);
        Assert.Null(await game.Weeks.OpenVotingAsync(timea.Id));
        var week = await game.Weeks.CurrentAsync();
        Assert.Equal((WeekPhase.Voting, VotingOpenedBy.Admin), (week.Phase, week.VotingOpenedBy));
        Assert.Equal("Voting is already open.", (await game.Weeks.OpenVotingAsync(timea.Id))?.Message);
    }

    [Fact]
    public async Task Inactive_members_cannot_nominate()
    {
        var timea = await game.MemberAsync("Timea", admin: true);
        var erik = await game.MemberAsync("Erik");
        await game.Get<MovieNight.Web.Household.MemberStore>().SetActiveAsync(erik.Id, false);
        Assert.Equal(RefusalReason.NotAMember, (await game.Nominations.NominateAsync(erik.Id, new MovieChoice("Alien", "1979"))).Refusal?.Reason);
    }
}
