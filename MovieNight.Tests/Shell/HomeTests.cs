using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Watched;

namespace MovieNight.Tests.Shell;

/// <summary>A signed-in member's home: what to do now as tiles, with this week's state; the other places as a grid.</summary>
public sealed class HomeTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    private WeekId At(DayOfWeek day, int hour)
    {
        app.Clock.Set(TestClock.Next(day, hour, PastWeekData.Budapest));
        return PastWeekData.WeekOf(app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task On_monday_the_home_asks_to_nominate_and_counts_the_members_nominations()
    {
        var week = At(DayOfWeek.Monday, 9);
        var (erik, timea, client) = await app.ErikAndTimeaAsync();
        var home = await client.GetPageAsync("/");
        var tile = home.Document.QuerySelector("[data-home-action=nominate]")!;
        Assert.Equal("/Week", tile.GetAttribute("href"));
        Assert.Contains("Nominate a movie", tile.TextContent);
        Assert.Contains("You have nominated 0 of 1.", tile.TextContent);
        Assert.Contains("action-tile-todo", tile.ClassName);

        await app.NominationAsync(week, erik, "Coco");
        await app.NominationAsync(week, timea, "Up");
        tile = (await client.GetPageAsync("/")).Document.QuerySelector("[data-home-action=nominate]")!;
        Assert.Contains("See this week's nominations", tile.TextContent);
        Assert.Contains("You have nominated 1 of 1.", tile.TextContent);
        Assert.Contains("2 movies nominated so far.", tile.TextContent);
        Assert.DoesNotContain("action-tile-todo", tile.ClassName);
    }

    [Fact]
    public async Task While_voting_is_open_the_home_counts_the_votes_left_and_a_vote_shows_at_once()
    {
        var week = At(DayOfWeek.Friday, 10);
        var (erik, timea, client) = await app.ErikAndTimeaAsync();
        var up = await app.NominationAsync(week, timea, "Up");
        Assert.Contains("You have 2 of 2 votes left.", (await client.GetPageAsync("/")).Document.QuerySelector("[data-home-action=vote]")!.TextContent);

        // A vote through the week page (which evicts the household's cached pages) shows on the home straight away.
        var weekPage = await client.GetPageAsync("/Week");
        await client.SubmitAsync(weekPage, weekPage.Form($"form[action*='handler=Vote'][action*='id={up}']"));
        Assert.Contains("You have 1 of 2 votes left.", (await client.GetPageAsync("/")).Document.QuerySelector("[data-home-action=vote]")!.TextContent);
    }

    [Fact]
    public async Task When_the_results_are_in_the_home_names_fridays_and_saturdays_movies()
    {
        var week = At(DayOfWeek.Saturday, 21);
        var (erik, timea, client) = await app.ErikAndTimeaAsync();
        var coco = await app.NominationAsync(week, erik, "Coco");
        var up = await app.NominationAsync(week, timea, "Up");
        await app.VoteAsync(week, coco, erik, timea);
        await app.VoteAsync(week, up, erik);
        var tile = (await client.GetPageAsync("/")).Document.QuerySelector("[data-home-action=results]")!;
        Assert.Contains("Friday: Coco. Saturday: Up.", tile.TextContent);
    }

    [Fact]
    public async Task After_the_movie_night_the_home_asks_to_record_then_rate_last_weeks_winner()
    {
        var lastWeek = At(DayOfWeek.Tuesday, 9).Previous;
        var (erik, timea, client) = await app.ErikAndTimeaAsync();
        var coco = await app.NominationAsync(lastWeek, timea, "Coco");
        await app.ResultAsync(lastWeek, coco, null);

        var record = (await client.GetPageAsync("/")).Document.QuerySelector("[data-home-action=record]")!;
        Assert.Equal($"/Watched/{coco}", record.GetAttribute("href"));
        Assert.Contains("Did you watch “Coco”?", record.TextContent);

        var watch = await app.WatchAsync(erik, coco, at: app.Clock.GetUtcNow().AddDays(-4));
        var home = await client.GetPageAsync("/");
        Assert.Null(home.Document.QuerySelector("[data-home-action=record]"));
        var rate = home.Document.QuerySelector("[data-home-action=rate]")!;
        Assert.Contains("Rate “Coco”", rate.TextContent);
        var rated = await client.SubmitAsync(home, home.Form($"#rating-{watch} form"), new Dictionary<string, string> { ["rating"] = "8" });
        Assert.Equal($"/#rating-{watch}", rated.Response.Headers.Location!.OriginalString);
        Assert.Null((await client.GetPageAsync("/")).Document.QuerySelector("[data-home-action=rate]"));
    }

    [Fact]
    public async Task Older_winners_are_not_something_to_do_now()
    {
        var current = At(DayOfWeek.Tuesday, 9);
        var (erik, _, client) = await app.ErikAndTimeaAsync();
        var old = current.WeeksBefore(3);
        var coco = await app.NominationAsync(old, erik, "Coco");
        await app.ResultAsync(old, coco, null);
        var home = await client.GetPageAsync("/");
        Assert.Null(home.Document.QuerySelector("[data-home-action=record]"));
        Assert.Null(home.Document.QuerySelector("[data-home-action=rate]"));
    }

    [Fact]
    public async Task The_other_places_are_tiles_not_a_list_of_links_and_admins_get_theirs()
    {
        At(DayOfWeek.Monday, 9);
        var (erik, timea, erikClient) = await app.ErikAndTimeaAsync();
        string[] Places(Forms.Page page) => page.Document.QuerySelectorAll("nav.place-tiles a").Select(a => a.TextContent.Trim()).ToArray();

        var erikHome = await erikClient.GetPageAsync("/");
        Assert.Empty(erikHome.Document.QuerySelectorAll("main .link-list"));
        Assert.Contains(Places(erikHome), p => p.EndsWith("Members"));
        Assert.Contains(Places(erikHome), p => p.EndsWith("Settings"));
        var timeaHome = await (await app.SignedInClientAsync(timea, "1357")).GetPageAsync("/");
        Assert.Contains(Places(timeaHome), p => p.EndsWith("Past weeks"));
        Assert.DoesNotContain(Places(timeaHome), p => p.EndsWith("Members"));
        // The profile picker stays, below the tiles.
        Assert.Equal(2, timeaHome.Document.QuerySelectorAll(".profiles .tile").Length);
    }
}
