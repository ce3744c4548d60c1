using System.Diagnostics;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Watched;
using MovieNight.Web.Household;

namespace MovieNight.Tests.History;

/// <summary>The history page: past weeks newest first with places, votes, watches and ratings, a page at a time.</summary>
public sealed class HistoryTests : IDisposable
{
    private readonly MovieNightApp app = new();
    private readonly WeekId thisWeek;

    public HistoryTests() => thisWeek = app.SaturdayEvening();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task History_shows_past_weeks_newest_first_with_places_votes_and_ratings()
    {
        var (erik, timea, client) = await app.ErikAndTimeaAsync();
        var older = thisWeek.WeeksBefore(2);
        var nemo = await app.NominationAsync(older, erik, "Finding Nemo", tmdbId: 12);
        await app.ResultAsync(older, nemo, null);
        var last = thisWeek.Previous;
        var up = await app.NominationAsync(last, erik, "Up", tmdbId: 14160);
        var coco = await app.NominationAsync(last, timea, "Coco", tmdbId: 354912);
        var cars = await app.NominationAsync(last, timea, "Cars", tmdbId: 920);
        await app.VoteAsync(last, coco, erik, timea);
        await app.VoteAsync(last, up, timea);
        await app.ResultAsync(last, coco, up);
        await app.WatchAsync(timea, coco, rating: 9, at: app.Clock.GetUtcNow().AddDays(-7));

        var page = await client.GetPageAsync("/History");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var weeks = page.Document.QuerySelectorAll("li.history-week").Select(w => w.Id).ToList();
        Assert.Equal(new[] { $"week-{last}", $"week-{older}" }, weeks);

        var items = page.Document.QuerySelectorAll($"#week-{last} li.history-item").ToList();
        Assert.Equal(new[] { $"nomination-{coco}", $"nomination-{up}", $"nomination-{cars}" }, items.Select(i => i.Id));
        Assert.Equal("1st place", items[0].QuerySelector(".place")!.TextContent);
        Assert.Equal("2nd place", items[1].QuerySelector(".place")!.TextContent);
        Assert.Null(items[2].QuerySelector(".place"));
        Assert.Equal("2", items[0].QuerySelector(".tally strong")!.TextContent);
        Assert.Equal(new[] { "Erik", "Timea" }, items[0].QuerySelectorAll(".tally .seen-icon .visually-hidden").Select(v => v.TextContent));
        Assert.Contains("Nominated by", items[0].QuerySelector(".movie-card")!.TextContent);

        var watcher = items[0].QuerySelector(".watcher")!;
        Assert.Equal($"/Members/{timea.Id}", watcher.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("4.5 out of 5 stars", watcher.QuerySelector(".stars")!.GetAttribute("aria-label"));
        Assert.Equal($"/Watched/{coco}", items[0].QuerySelector("a[aria-label^='We watched it']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_current_week_stays_on_the_week_page_until_it_closes()
    {
        var (erik, _, client) = await app.ErikAndTimeaAsync();
        var coco = await app.NominationAsync(thisWeek, erik, "Coco");
        Assert.Null((await client.GetPageAsync("/History")).Document.QuerySelector($"#week-{thisWeek}"));

        await app.ResultAsync(thisWeek, coco, null);
        // Writing the result straight into the table evicts nothing; closing through the app does.
        await app.Services.GetRequiredService<MovieNight.Web.Http.PageCache>().HouseholdChangedAsync();
        Assert.NotNull((await client.GetPageAsync("/History")).Document.QuerySelector($"#week-{thisWeek}"));
    }

    [Fact]
    public async Task Weeks_without_a_result_or_without_nominations_say_so()
    {
        var (erik, _, client) = await app.ErikAndTimeaAsync();
        await app.NominationAsync(thisWeek.WeeksBefore(3), erik, "Cars");
        await app.ResultAsync(thisWeek.WeeksBefore(2), null, null);
        var page = await client.GetPageAsync("/History");
        Assert.Contains("No result was recorded for this week.", page.Document.QuerySelector($"#week-{thisWeek.WeeksBefore(3)}")!.TextContent);
        Assert.Contains("Nobody nominated a movie this week.", page.Document.QuerySelector($"#week-{thisWeek.WeeksBefore(2)}")!.TextContent);
    }

    [Fact]
    public async Task Older_weeks_come_a_page_at_a_time_with_show_older_weeks()
    {
        var (erik, _, client) = await app.ErikAndTimeaAsync();
        for (var back = 1; back <= 7; back++)
            await app.NominationAsync(thisWeek.WeeksBefore(back), erik, $"Movie {back}");

        var first = await client.GetPageAsync("/History");
        Assert.Equal(5, first.Document.QuerySelectorAll("li.history-week").Length);
        var more = first.Document.QuerySelector("#older-weeks a")!;
        var sixth = thisWeek.WeeksBefore(6);
        Assert.Equal(($"/History?from={sixth}", $"/History?from={sixth}", "#older-weeks", "outerHTML"),
            (more.GetAttribute("href"), more.GetAttribute("hx-get"), more.GetAttribute("hx-target"), more.GetAttribute("hx-swap")));

        // htmx gets the next weeks as list items (no layout), the first one focused; the last page has no "Show older weeks".
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/History?from={sixth}");
        request.Headers.Add("HX-Request", "true");
        var fragment = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<header", fragment);
        Assert.StartsWith("<li class=\"history-week\"", fragment.TrimStart());
        Assert.Contains($"id=\"week-{sixth}\"", fragment);
        Assert.Contains($"id=\"week-{thisWeek.WeeksBefore(7)}\"", fragment);
        Assert.Contains("autofocus", fragment);
        Assert.DoesNotContain("older-weeks", fragment);

        // Without JS the same address is a page of its own.
        var page = await client.GetPageAsync($"/History?from={sixth}");
        Assert.Equal(2, page.Document.QuerySelectorAll("li.history-week").Length);
        Assert.Contains("Back to the latest weeks", page.Text);
    }

    [Fact]
    public async Task Years_of_weeks_still_load_one_page_quickly()
    {
        var (erik, timea, client) = await app.ErikAndTimeaAsync();
        await using (var connection = app.Db.OpenConnection())
        await using (var transaction = connection.BeginTransaction())
        {
            var week = thisWeek;
            for (var i = 0; i < 1500; i++)
            {
                week = week.Previous;
                var id = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO nominations (week, tmdb_id, title, proposed_by) VALUES (@week, @i, 'Movie', @by) RETURNING id",
                    new { week = week.ToString(), i = i + 1, by = erik.Id }, transaction);
                await connection.ExecuteAsync("INSERT INTO votes (nomination_id, user_id, week) VALUES (@id, @user, @week)",
                    new { id, user = timea.Id, week = week.ToString() }, transaction);
                await connection.ExecuteAsync("INSERT INTO week_history (week, first_place_id) VALUES (@week, @id)", new { week = week.ToString(), id }, transaction);
                await connection.ExecuteAsync("INSERT INTO watch_history (user_id, tmdb_id, rating, nomination_id, week) VALUES (@user, @i, 8, @id, @week)",
                    new { user = timea.Id, i = i + 1, id, week = week.ToString() }, transaction);
            }
            await transaction.CommitAsync();
        }
        await client.GetPageAsync($"/History?from={thisWeek.WeeksBefore(700)}"); // warm up

        var timer = Stopwatch.StartNew();
        var page = await client.GetPageAsync($"/History?from={thisWeek.WeeksBefore(800)}");
        timer.Stop();
        Assert.Equal(5, page.Document.QuerySelectorAll("li.history-week").Length);
        Assert.True(timer.ElapsedMilliseconds < 1000, $"A page of history took {timer.ElapsedMilliseconds} ms over 1,500 weeks");
    }

    [Fact]
    public async Task Recording_a_watch_shows_on_the_cached_history_page_at_once()
    {
        var (erik, _, client) = await app.ErikAndTimeaAsync();
        var last = thisWeek.Previous;
        var coco = await app.NominationAsync(last, erik, "Coco");
        await app.ResultAsync(last, coco, null);
        Assert.Null((await client.GetPageAsync("/History")).Document.QuerySelector(".watcher"));

        var form = await client.GetPageAsync($"/Watched/{coco}");
        await client.SubmitAsync(form, form.Form("form.watched-form"));
        Assert.Equal(2, (await client.GetPageAsync("/History")).Document.QuerySelectorAll($"#nomination-{coco} .watcher").Length);
    }

    [Fact]
    public async Task History_is_for_signed_in_members_and_a_malformed_week_is_not_found()
    {
        var (_, _, client) = await app.ErikAndTimeaAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().GetAsync("/History")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/History?from=2026-W99")).StatusCode);
        Assert.Contains("No week has finished yet.", (await client.GetPageAsync("/History")).Text);
    }

    [Fact]
    public async Task Weeks_imported_from_the_old_app_show_like_any_other_week()
    {
        using var data = new TempDirectory();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Import", "Samples", "v2-household.json"), data.File("data.json"));
        using var imported = new MovieNightApp(data);
        imported.SaturdayEvening();
        var timea = (await imported.Members.ListAsync(false)).Single(m => m.Name == "Timea");
        var client = await imported.SignedInClientAsync(timea, "1357");

        var page = await client.GetPageAsync("/History?from=2026-W03");
        var week = page.Document.QuerySelector("#week-2026-W03")!;
        var placed = week.QuerySelectorAll("li.history-item.placed").ToList();
        Assert.Equal(("1st place", "Coco"), (placed[0].QuerySelector(".place")!.TextContent, placed[0].QuerySelector(".movie-title")!.FirstChild!.TextContent.Trim()));
        Assert.Equal(("2nd place", "Finding Nemo"), (placed[1].QuerySelector(".place")!.TextContent, placed[1].QuerySelector(".movie-title")!.FirstChild!.TextContent.Trim()));
        Assert.NotNull(placed[0].QuerySelector("img.poster"));

        // Timea re-rated Coco 4★ in the old app: stored as 8, shown as 4 stars, and hers to change.
        var hers = placed[0].QuerySelectorAll(".watcher").Single(w => w.TextContent.Contains("Timea"));
        var chosen = hers.QuerySelector("form.rating-form input[name=rating][checked]")!;
        Assert.Equal(("8", "4 stars"), (chosen.GetAttribute("value"), hers.QuerySelector($"label[for='{chosen.Id}']")!.TextContent));
        Assert.Equal("2026-W01", page.Document.QuerySelectorAll("li.history-week").Select(w => w.Id![5..]).ElementAt(1));
    }
}
