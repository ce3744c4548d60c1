using System.Globalization;
using System.Net;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Watched;
using MovieNight.Web.Household;
using MovieNight.Web.Weeks;
using Microsoft.Extensions.DependencyInjection;

namespace MovieNight.Tests.History;

/// <summary>A member's page: what they watched, newest first, when and in which week, and their ratings.</summary>
public sealed class MemberPageTests : IDisposable
{
    private readonly MovieNightApp app = new();
    private readonly WeekId thisWeek;

    public MemberPageTests() => thisWeek = app.SaturdayEvening();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_member_page_lists_their_watches_newest_first_with_when_which_week_and_the_rating()
    {
        var (erik, timea, client) = await app.ErikAndTimeaAsync();
        var (twoBack, last) = (thisWeek.WeeksBefore(2), thisWeek.Previous);
        var nemo = await app.NominationAsync(twoBack, erik, "Finding Nemo");
        var coco = await app.NominationAsync(last, erik, "Coco");
        var cars = await app.NominationAsync(thisWeek.WeeksBefore(5), erik, "Cars");
        // Watched last Friday at 20:30 Budapest time; Nemo imported (no time); Cars watched (and imported) earlier still.
        var friday = app.Clock.GetUtcNow().AddDays(-8).AddMinutes(-30);
        await app.WatchAsync(timea, coco, rating: 7, at: friday);
        await app.WatchAsync(timea, nemo, rating: 10);
        await app.WatchAsync(timea, cars);
        await app.WatchAsync(erik, coco, rating: 2, at: friday);

        var page = await client.GetPageAsync($"/Members/{timea.Id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Timea's movies", page.Document.QuerySelector("h1")!.TextContent);
        Assert.Contains("3 movies watched, 2 rated.", page.Text);
        var items = page.Document.QuerySelectorAll("li.movie-item").ToList();
        Assert.Equal(new[] { "Coco", "Finding Nemo", "Cars" }, items.Select(i => i.QuerySelector(".movie-title")!.FirstChild!.TextContent.Trim()));

        // Written as every page writes a moment (HouseholdTimeTests pins the format itself), in Budapest time.
        var when = app.Services.GetRequiredService<HouseholdSettings>().Time();
        Assert.Equal(PastWeekData.Budapest.Id, when.Zone.Id);
        Assert.Contains("Watched " + when.DayAndTime(friday), items[0].QuerySelector(".watched-when")!.TextContent);
        Assert.Equal($"/History?from={last}#week-{last}", items[0].QuerySelector(".watched-when a")!.GetAttribute("href"));
        Assert.Contains("(date not recorded)", items[1].QuerySelector(".watched-when")!.TextContent);
        Assert.Equal("3.5 out of 5 stars", items[0].QuerySelector(".stars")!.GetAttribute("aria-label"));
        Assert.Equal("5 out of 5 stars", items[1].QuerySelector(".stars")!.GetAttribute("aria-label"));
        Assert.Contains("not rated", items[2].QuerySelector(".rating")!.TextContent);
        // Erik looks at Timea's page: her ratings, no pickers.
        Assert.Empty(page.Document.QuerySelectorAll("form.rating-form"));
    }

    [Fact]
    public async Task My_own_page_is_called_my_movies_and_lets_me_rate()
    {
        var (erik, _, client) = await app.ErikAndTimeaAsync();
        var coco = await app.NominationAsync(thisWeek.Previous, erik, "Coco");
        var watch = await app.WatchAsync(erik, coco);
        var page = await client.GetPageAsync($"/Members/{erik.Id}");
        Assert.Equal("My movies", page.Document.QuerySelector("h1")!.TextContent.Trim().Split(' ', 2)[1]);

        var rated = await client.SubmitAsync(page, page.Form($"#rating-{watch} form"), new Dictionary<string, string> { ["rating"] = "10" });
        Assert.Equal($"/Members/{erik.Id}#rating-{watch}", rated.Response.Headers.Location!.OriginalString);
        var after = await client.GetPageAsync($"/Members/{erik.Id}");
        Assert.Equal("10", after.Document.QuerySelector($"#rating-{watch} input[name=rating][checked]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_watch_synced_from_Trakt_without_a_nomination_shows_the_cached_movie()
    {
        var (erik, _, client) = await app.ErikAndTimeaAsync();
        await using (var connection = app.Db.OpenConnection())
        {
            await connection.ExecuteAsync("""
                INSERT INTO movies (tmdb_id, title, year, poster_path, overview, rating, fetched_at) VALUES (603, 'The Matrix', 1999, '/matrix.jpg', 'Red pill.', 8.2, @at);
                INSERT INTO watch_history (user_id, tmdb_id, watched_at, rating, synced_to_trakt) VALUES (@erik, 603, @at, 9, 1);
                INSERT INTO watch_history (user_id, tmdb_id, watched_at, synced_to_trakt) VALUES (@erik, 424242, @at, 1);
                """, new { erik = erik.Id, at = SqliteTime.ToText(app.Clock.GetUtcNow().AddDays(-30)) });
        }
        var page = await client.GetPageAsync($"/Members/{erik.Id}");
        var titles = page.Document.QuerySelectorAll(".movie-title").Select(t => string.Join(" ", t.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Contains("The Matrix (1999)", titles);
        Assert.Contains("TMDB movie 424242", titles);
        Assert.Equal(2, page.Document.QuerySelectorAll("li.movie-item").Length);
        Assert.NotNull(page.Document.QuerySelector("img.poster[src$='/matrix.jpg']"));
    }

    [Fact]
    public async Task Many_watches_come_a_page_at_a_time()
    {
        var (erik, _, client) = await app.ErikAndTimeaAsync();
        for (var back = 1; back <= 25; back++)
            await app.WatchAsync(erik, await app.NominationAsync(thisWeek.WeeksBefore(back), erik, $"Movie {back}"));

        var page = await client.GetPageAsync($"/Members/{erik.Id}");
        Assert.Equal(20, page.Document.QuerySelectorAll("li.movie-item").Length);
        Assert.Equal($"/Members/{erik.Id}?skip=20", page.Document.QuerySelector("#older-watches a")!.GetAttribute("hx-get"));
        var rest = await client.GetPageAsync($"/Members/{erik.Id}?skip=20");
        Assert.Equal(new[] { "Movie 21", "Movie 22", "Movie 23", "Movie 24", "Movie 25" },
            rest.Document.QuerySelectorAll(".movie-title").Select(t => t.FirstChild!.TextContent.Trim()));
        Assert.Null(rest.Document.QuerySelector("#older-watches"));
    }

    [Fact]
    public async Task An_unknown_member_is_not_found_and_strangers_are_sent_to_the_profile_picker()
    {
        var (erik, _, client) = await app.ErikAndTimeaAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Members/999")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().GetAsync($"/Members/{erik.Id}")).StatusCode);
    }
}
