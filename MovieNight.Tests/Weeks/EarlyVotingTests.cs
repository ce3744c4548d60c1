using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

public sealed class EarlyVotingTests : IDisposable
{
    private static readonly TimeZoneInfo Budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
    private readonly MovieNightApp app = new();

    public EarlyVotingTests() => app.Clock.Set(TestClock.Next(DayOfWeek.Tuesday, 20, Budapest));

    public void Dispose() => app.Dispose();

    private T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    [Fact]
    public async Task Voting_opened_early_stays_open_when_a_member_is_added_afterwards()
    {
        var erik = await app.CreateMemberAsync("Erik", admin: true);
        var timea = await app.CreateMemberAsync("Timea");
        await Get<NominationBook>().NominateAsync(erik.Id, new MovieChoice("Coco", "2017"));
        var last = await Get<NominationBook>().NominateAsync(timea.Id, new MovieChoice("Up", "2009"));
        Assert.True(last.VotingOpened);
        var vote = await Get<VoteBook>().ToggleAsync(erik.Id, last.NominationId!.Value);
        Assert.Null(vote.Refusal);

        await app.CreateMemberAsync("Niki");

        Assert.Equal(WeekPhase.Voting, (await Get<WeekStore>().CurrentAsync()).Phase);
        // Withdrawing (which would delete the acknowledged vote) stays closed.
        Assert.NotNull(await Get<NominationBook>().WithdrawAsync(timea.Id, last.NominationId!.Value));
    }

    [Fact]
    public async Task Deactivating_and_reactivating_a_member_never_flips_the_phase()
    {
        var erik = await app.CreateMemberAsync("Erik", admin: true);
        var niki = await app.CreateMemberAsync("Niki");
        await Get<NominationBook>().NominateAsync(erik.Id, new MovieChoice("Coco", "2017"));

        await app.Members.SetActiveAsync(niki.Id, false);
        Assert.Equal(WeekPhase.Nomination, (await Get<WeekStore>().CurrentAsync()).Phase);
        await app.Members.SetActiveAsync(niki.Id, true);
        Assert.Equal(WeekPhase.Nomination, (await Get<WeekStore>().CurrentAsync()).Phase);
    }
}
