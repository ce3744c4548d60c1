using System.Globalization;
using MovieNight.Migrations;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Pages.Week;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

/// <summary>The week at a glance: the stepper's dates in each phase and who the week is waiting for (no app needed).</summary>
public sealed class WeekGlanceTests
{
    // 2026-W49 runs from Monday 30 November to Sunday 6 December; voting is Friday 4 December, 00:00 to 18:00.
    private static readonly WeekId Week49 = WeekId.Parse("2026-W49");
    private static readonly WeekClock Clock = new(WeekGame.Budapest, WeekSchedule.Default);
    private static readonly MemberBadge Erik = new(1, "Erik", "👨‍💼"), Timea = new(2, "Timea", "👩"), Jazmin = new(3, "Jázmin", "👧"), Niki = new(4, "Niki", "🦄");

    private static HouseholdTime When(DateTimeOffset now) => new(CultureInfo.GetCultureInfo("en-GB"), WeekGame.Budapest, now);

    private static WeekState State(WeekPhase phase, DateTimeOffset? votingOpenedAt = null, DateTimeOffset? closedAt = null) =>
        new(Week49, phase, null, Clock.TimesOf(Week49), IsCurrent: true, IsClosed: closedAt is not null,
            votingOpenedAt, votingOpenedAt is null ? null : VotingOpenedBy.EveryoneNominated, closedAt, closedAt is null ? null : ClosedBy.Admin);

    private static IEnumerable<string> Lines(WeekStep step) => step.Lines.Select(l => $"{l.Label} {l.Text}");

    private static WeekTally Tally(params (long ProposedBy, long[] Voters)[] nominations) =>
        new(Week49, nominations.Select((n, i) => new TalliedNomination { Id = i + 1, ProposedBy = n.ProposedBy, VoterIds = n.Voters }).ToList(),
            null, null, IsFinal: false);

    [Fact]
    public void While_nominating_the_steps_give_the_last_day_to_nominate_and_when_voting_opens_and_closes()
    {
        var now = WeekGame.Local(2026, 12, 2, 12);
        var steps = WeekSteps.Of(State(WeekPhase.Nomination), now, When(now));

        Assert.Equal(["Nominate", "Vote", "Results"], steps.Select(s => s.Name));
        Assert.Equal([true, false, false], steps.Select(s => s.IsCurrent));
        Assert.Equal(["Until Thu 3 Dec"], Lines(steps[0]));
        Assert.Equal(["Opens Fri 4 Dec", "Closes 18:00"], Lines(steps[1]));
        Assert.Equal(["Due Fri 4 Dec, 18:00"], Lines(steps[2]));
        Assert.Equal(WeekGame.Local(2026, 12, 4, 18), steps[1].Lines[1].At);
    }

    [Fact]
    public void Voting_opened_early_shows_when_nominating_ended_and_a_deadline_on_another_day_names_its_day()
    {
        var opened = WeekGame.Local(2026, 12, 2, 14, 20);
        var now = WeekGame.Local(2026, 12, 3, 9);
        var steps = WeekSteps.Of(State(WeekPhase.Voting, votingOpenedAt: opened), now, When(now));

        Assert.Equal([true, false, false], steps.Select(s => s.IsDone));
        Assert.Equal([false, true, false], steps.Select(s => s.IsCurrent));
        Assert.Equal(["Ended Wed 2 Dec, 14:20"], Lines(steps[0]));
        Assert.Equal(["Opened Wed 2 Dec, 14:20", "Closes Fri 4 Dec, 18:00"], Lines(steps[1]));
    }

    [Fact]
    public void After_an_admin_closed_voting_the_results_step_says_since_when()
    {
        var closed = WeekGame.Local(2026, 12, 4, 17, 30);
        var now = WeekGame.Local(2026, 12, 5, 10);
        var steps = WeekSteps.Of(State(WeekPhase.Results, closedAt: closed), now, When(now));

        Assert.Equal([true, true, false], steps.Select(s => s.IsDone));
        Assert.True(steps[2].IsCurrent);
        Assert.Equal(["Opened Fri 4 Dec", "Closed 17:30"], Lines(steps[1]));
        Assert.Equal(["Since Fri 4 Dec, 17:30"], Lines(steps[2]));
    }

    [Fact]
    public void While_nominating_the_week_waits_for_active_members_without_a_nomination()
    {
        var progress = WeekProgress.For(State(WeekPhase.Nomination), Tally((1, []), (2, []), (3, [])), [Erik, Timea, Jazmin, Niki])!;
        Assert.Equal("3 of 4 nominated, waiting for Niki.", progress.Sentence(Erik.Id));
        Assert.Equal("3 of 4 nominated, waiting for you.", progress.Sentence(Niki.Id));
    }

    [Fact]
    public void While_voting_the_week_waits_for_members_who_have_cast_no_vote_and_names_the_reader_first()
    {
        var progress = WeekProgress.For(State(WeekPhase.Voting, votingOpenedAt: WeekGame.Local(2026, 12, 2, 14)),
            Tally((1, [3]), (2, [1, 3])), [Erik, Timea, Jazmin, Niki])!;
        Assert.Equal("2 of 4 voted, waiting for Timea and Niki.", progress.Sentence(Erik.Id));
        Assert.Equal("2 of 4 voted, waiting for you and Timea.", progress.Sentence(Niki.Id));

        var everyone = WeekProgress.For(State(WeekPhase.Voting), Tally((1, [1, 2, 3, 4])), [Erik, Timea, Jazmin, Niki])!;
        Assert.Equal("Everyone has voted.", everyone.Sentence(Erik.Id));
    }

    [Fact]
    public void A_long_wait_names_three_members_and_counts_the_rest()
    {
        var household = Enumerable.Range(1, 6).Select(i => new MemberBadge(i, $"Member {i}", "🍿")).ToList();
        var progress = WeekProgress.For(State(WeekPhase.Nomination), Tally(), household)!;
        Assert.Equal("0 of 6 nominated, waiting for Member 1, Member 2, Member 3 and 3 more.", progress.Sentence(99));
        Assert.Null(WeekProgress.For(State(WeekPhase.Results, closedAt: WeekGame.Local(2026, 12, 4, 18)), Tally(), household));
    }
}
