using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Weeks;

/// <summary>
/// The week page's glance and its answers where the member tapped, through real HTTP: the stepper
/// through the phases, who the week waits for, votes refused beside their button (htmx and without
/// script) and the secret ballot.
/// </summary>
public sealed class WeekVotingPageTests : IDisposable
{
    private readonly MovieNightApp app = new();
    private static readonly Dictionary<string, string> Htmx = new() { ["HX-Request"] = "true" };

    public WeekVotingPageTests() => app.Clock.Set(TestClock.Next(DayOfWeek.Monday, 10, WeekGame.Budapest));

    public void Dispose() => app.Dispose();

    private T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    private sealed record Player(Member Member, HttpClient Client);

    private async Task<(Player Erik, Player Timea, Player Niki)> HouseholdAsync()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var niki = await app.CreateMemberAsync("Niki", pin: "2468");
        return (new(erik, await app.SignedInClientAsync(erik, "4821")), new(timea, await app.SignedInClientAsync(timea, "1357")),
            new(niki, await app.SignedInClientAsync(niki, "2468")));
    }

    private static async Task NominateAsync(Player player, string title)
    {
        var week = await player.Client.GetPageAsync("/Week");
        var posted = await player.Client.SubmitAsync(week, week.Form("form[action*='handler=Nominate']"), new Dictionary<string, string> { ["title"] = title });
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
    }

    /// <summary>Everyone nominates (which opens voting): Erik Coco, Timea Up, Niki Soul. Returns their ids.</summary>
    private async Task<(long Coco, long Up, long Soul)> EveryoneNominatedAsync(Player erik, Player timea, Player niki)
    {
        await NominateAsync(erik, "Coco");
        await NominateAsync(timea, "Up");
        await NominateAsync(niki, "Soul");
        var page = await erik.Client.GetPageAsync("/Week");
        long Id(string title) => long.Parse(page.Document.QuerySelectorAll("#nominations li.movie-item")
            .Single(li => li.QuerySelector(".movie-title")!.TextContent.Contains(title)).Id!["nomination-".Length..]);
        return (Id("Coco"), Id("Up"), Id("Soul"));
    }

    private static IHtmlFormElement VoteForm(Forms.Page page, long id) =>
        (IHtmlFormElement)page.Document.QuerySelector($"#vote-{id} form")!;

    private static string CurrentStep(Forms.Page page) =>
        Assert.Single(page.Document.QuerySelectorAll(".week-steps [aria-current=step] .step-name")).TextContent.Trim();

    private static string Phase(Forms.Page page) => page.Document.QuerySelector(".week-glance .phase")!.TextContent.Trim();

    [Fact]
    public async Task The_week_is_titled_by_its_dates_and_its_steps_follow_it_through_nominating_voting_and_results()
    {
        var (erik, timea, niki) = await HouseholdAsync();
        var state = await Get<WeekStore>().CurrentAsync();
        var when = Get<HouseholdSettings>().Time();

        var page = await erik.Client.GetPageAsync("/Week");
        var title = page.Document.QuerySelector("h1")!;
        Assert.StartsWith(when.Days(state.Week), title.TextContent.Trim());
        Assert.Equal(HouseholdTime.WeekNumber(state.Week), title.QuerySelector(".week-number")!.TextContent);
        Assert.Equal("Nominate", CurrentStep(page));
        Assert.Contains($"Opens {when.Day(state.Times.VotingOpens)}", page.Document.QuerySelector(".week-steps")!.TextContent);
        Assert.Equal("0 of 3 nominated, waiting for you, Timea and Niki.", Phase(page));

        await NominateAsync(erik, "Coco");
        await NominateAsync(timea, "Up");
        Assert.Equal("2 of 3 nominated, waiting for Niki.", Phase(await erik.Client.GetPageAsync("/Week")));

        await NominateAsync(niki, "Soul");
        page = await erik.Client.GetPageAsync("/Week");
        Assert.Equal("Vote", CurrentStep(page));
        Assert.Equal("0 of 3 voted, waiting for you, Timea and Niki.", Phase(page));
        var timeaPage = await timea.Client.GetPageAsync("/Week");
        await timea.Client.SubmitAsync(timeaPage, timeaPage.Form("form[action*='handler=Vote']"));
        Assert.Equal("1 of 3 voted, waiting for you and Niki.", Phase(await erik.Client.GetPageAsync("/Week")));

        // The deadline passes and the closing job runs, as it does on Friday evening.
        app.Clock.Set(state.Times.VotingCloses.AddMinutes(5));
        await Get<WeekCloser>().CloseDueWeeksAsync(ClosedBy.Deadline);
        page = await erik.Client.GetPageAsync("/Week");
        Assert.Equal("Results", CurrentStep(page));
        Assert.Contains($"The next week starts {when.LongDay(state.Week.Next.Monday)}.", Phase(page));
        Assert.Null(page.Document.QuerySelector(".admin-actions"));
    }

    [Fact]
    public async Task Open_voting_and_close_voting_ask_for_confirmation()
    {
        var (erik, _, _) = await HouseholdAsync();
        var page = await erik.Client.GetPageAsync("/Week");
        Assert.Equal("Open voting", page.Form("form[action*='handler=OpenVoting']").GetAttribute("data-confirm-button"));
        await erik.Client.SubmitAsync(page, page.Form("form[action*='handler=OpenVoting']"));
        page = await erik.Client.GetPageAsync("/Week");
        Assert.Equal("Close voting", page.Form("form[action*='handler=Close']").GetAttribute("data-confirm-button"));
        Assert.False(string.IsNullOrWhiteSpace(page.Form("form[action*='handler=Close']").GetAttribute("data-confirm")));
    }

    [Fact]
    public async Task A_refused_htmx_vote_is_said_beside_the_tapped_button_and_the_last_vote_marks_the_other_buttons()
    {
        await Get<HouseholdSettings>().SaveAsync(WeekRules.Default with { VotesPerMember = 1 });
        var (erik, timea, niki) = await HouseholdAsync();
        var (_, up, soul) = await EveryoneNominatedAsync(erik, timea, niki);

        var page = await erik.Client.GetPageAsync("/Week");
        Assert.Null(page.Document.QuerySelector(".vote-why"));
        var voted = await erik.Client.SubmitAsync(page, VoteForm(page, up), headers: Htmx);
        // Using the last vote changes Soul's button too: it comes out of band, inactive, saying why.
        var soulButton = voted.Document.QuerySelector($"#vote-{soul}[hx-swap-oob] button")!;
        Assert.Equal("true", soulButton.GetAttribute("aria-disabled"));
        Assert.Equal("No votes left — take one back to move it.", voted.Document.GetElementById(soulButton.GetAttribute("aria-describedby")!)!.TextContent);
        Assert.Contains("Vote saved.", voted.Document.QuerySelector("#votes-left")!.TextContent);

        // Tapping the inactive button anyway: the refusal stands in that movie's control, as an alert, and nothing else says it.
        var token = page.Document.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var refused = await erik.Client.SubmitAsync(voted, (IHtmlFormElement)voted.Document.QuerySelector($"#vote-{soul} form")!,
            headers: new Dictionary<string, string>(Htmx) { ["RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        var alert = Assert.Single(refused.Document.QuerySelectorAll("[role=alert]"));
        Assert.Equal($"vote-{soul}", alert.ParentElement!.Id);
        Assert.Equal("You have used your vote; take it back to vote for another movie.", alert.TextContent);
        Assert.Contains("You have 0 of 1 vote left.", refused.Document.QuerySelector("#votes-left")!.TextContent);

        // Taking the vote back frees one: Soul's button is active again.
        var takenBack = await erik.Client.SubmitAsync(voted, VoteForm(voted, up),
            headers: new Dictionary<string, string>(Htmx) { ["RequestVerificationToken"] = token });
        Assert.Null(takenBack.Document.QuerySelector($"#vote-{soul} button")!.GetAttribute("aria-disabled"));
        Assert.Contains("You have 1 of 1 vote left.", takenBack.Document.QuerySelector("#votes-left")!.TextContent);
    }

    [Fact]
    public async Task Without_script_a_vote_comes_back_to_its_movie_with_the_answer_beside_its_button()
    {
        await Get<HouseholdSettings>().SaveAsync(WeekRules.Default with { VotesPerMember = 1 });
        var (erik, timea, niki) = await HouseholdAsync();
        var (coco, up, _) = await EveryoneNominatedAsync(erik, timea, niki);

        var page = await niki.Client.GetPageAsync("/Week");
        var posted = await niki.Client.SubmitAsync(page, VoteForm(page, coco));
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        Assert.EndsWith($"#nomination-{coco}", posted.Response.Headers.Location!.OriginalString);
        page = await niki.Client.GetPageAsync(posted.Response.Headers.Location.OriginalString);
        Assert.Equal("Vote saved.", page.Document.QuerySelector($"#vote-{coco} .vote-done")!.TextContent);
        Assert.Null(page.Document.QuerySelector(".alert:not([hidden])"));

        var refused = await niki.Client.SubmitAsync(page, VoteForm(page, up));
        Assert.EndsWith($"#nomination-{up}", refused.Response.Headers.Location!.OriginalString);
        page = await niki.Client.GetPageAsync(refused.Response.Headers.Location.OriginalString);
        var alert = page.Document.QuerySelector($"#vote-{up} [role=alert]")!;
        Assert.Equal("You have used your vote; take it back to vote for another movie.", alert.TextContent);
        Assert.Null(page.Document.QuerySelector(".alert:not([hidden])"));
        // Said once: the next view has no message.
        Assert.Null((await niki.Client.GetPageAsync("/Week")).Document.QuerySelector(".vote-control [role=alert]"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_secret_ballot_hides_who_voted_for_what_until_the_results_on_the_page_and_in_vote_answers(bool secret)
    {
        await Get<HouseholdSettings>().SaveAsync(WeekRules.Default with { SecretBallot = secret });
        var (erik, timea, niki) = await HouseholdAsync();
        var (coco, up, _) = await EveryoneNominatedAsync(erik, timea, niki);
        var timeaPage = await timea.Client.GetPageAsync("/Week");
        await timea.Client.SubmitAsync(timeaPage, VoteForm(timeaPage, coco));

        // Erik's page: Coco has a vote, but not whose (during a secret ballot).
        var page = await erik.Client.GetPageAsync("/Week");
        Assert.Contains("1 vote", page.Document.QuerySelector($"#vote-{coco} .tally")!.TextContent);
        Assert.Equal(secret ? 0 : 1, page.Document.QuerySelectorAll(".vote-control .seen-icon").Length);
        Assert.Equal(secret, page.Text.Contains("Secret ballot"));
        // Nor who has voted already: beside the live counts, that would tell who voted how.
        Assert.Equal(secret ? "1 of 3 voted; you have not voted yet." : "1 of 3 voted, waiting for you and Niki.",
            page.Document.QuerySelector("[data-week-progress]")?.TextContent.Trim() ?? page.Text);

        // Niki's htmx votes: the answer for one control, then (her last vote) for every control.
        var nikiPage = await niki.Client.GetPageAsync("/Week");
        var token = nikiPage.Document.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var headers = new Dictionary<string, string>(Htmx) { ["RequestVerificationToken"] = token };
        var first = await niki.Client.SubmitAsync(nikiPage, VoteForm(nikiPage, coco), headers: headers);
        var firstHtml = await first.Response.Content.ReadAsStringAsync();
        Assert.Contains("<strong>2</strong> votes", firstHtml);
        Assert.Equal(!secret, firstHtml.Contains("Timea"));
        Assert.Equal(secret ? 0 : 2, first.Document.QuerySelectorAll(".seen-icon").Length);
        var last = await niki.Client.SubmitAsync(nikiPage, VoteForm(nikiPage, up), headers: headers);
        Assert.NotEmpty(last.Document.QuerySelectorAll("[hx-swap-oob].vote-control"));
        Assert.Equal(secret ? 0 : 3, last.Document.QuerySelectorAll(".seen-icon").Length);

        // With the results, everyone sees who voted for what.
        var state = await Get<WeekStore>().CurrentAsync();
        app.Clock.Set(state.Times.VotingCloses.AddMinutes(1));
        await Get<WeekCloser>().CloseDueWeeksAsync(ClosedBy.Deadline);
        page = await erik.Client.GetPageAsync("/Week");
        var cocoVoters = page.Document.QuerySelectorAll($"#vote-{coco} .seen-icon").Select(v => v.GetAttribute("title")).ToList();
        Assert.Equal(["Timea", "Niki"], cocoVoters);
    }
}
