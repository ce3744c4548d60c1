using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;
using MovieNight.Web.Weeks;

namespace MovieNight.Tests.Watched;

/// <summary>"We watched it" through the real form: who was there, when, and what it refuses.</summary>
public sealed class WatchedTests : IDisposable
{
    private readonly MovieNightApp app = new();
    private readonly WeekId thisWeek;

    public WatchedTests() => thisWeek = app.SaturdayEvening();

    public void Dispose() => app.Dispose();

    private sealed record Household(Member Erik, Member Timea, Member Niki, HttpClient Client, long Coco);

    /// <summary>Three members (Niki inactive), Erik signed in, and this week's winner Coco (TMDB 354912).</summary>
    private async Task<Household> HouseholdAsync()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true, icon: "👨‍💼");
        var timea = await app.CreateMemberAsync("Timea", pin: "1357", icon: "👩‍🦰");
        var niki = await app.CreateMemberAsync("Niki", icon: "🦄");
        await app.Members.SetActiveAsync(niki.Id, false);
        var coco = await app.NominationAsync(thisWeek, timea, "Coco", tmdbId: 354912, year: "2017");
        await app.ResultAsync(thisWeek, coco, null);
        return new Household(erik, timea, niki, await app.SignedInClientAsync(erik, "4821"), coco);
    }

    /// <summary>The form's day and time fields for an instant in Budapest time, as a member chooses them.</summary>
    private static Dictionary<string, string> WatchedAt(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, PastWeekData.Budapest);
        return new() { ["WatchedOn"] = local.ToString("yyyy-MM-dd"), ["WatchedTime"] = local.ToString("HH:mm") };
    }

    private async Task<List<(long UserId, long TmdbId, string? WatchedAt, long Synced, long? NominationId, string? Week, long? Rating)>> WatchesAsync()
    {
        await using var connection = app.Db.OpenConnection();
        return (await connection.QueryAsync<(long, long, string?, long, long?, string?, long?)>(
            "SELECT user_id, tmdb_id, watched_at, synced_to_trakt, nomination_id, week, rating FROM watch_history ORDER BY user_id, id")).AsList();
    }

    [Fact]
    public async Task The_form_ticks_every_active_member_and_fills_in_now_in_the_household_time_zone()
    {
        var (erik, timea, niki, client, coco) = await HouseholdAsync();
        var page = await client.GetPageAsync($"/Watched/{coco}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Coco", page.Document.QuerySelector(".movie-card")!.TextContent);

        var ticked = page.Document.QuerySelectorAll("input[name=Attendees]").Select(i => (i.GetAttribute("value")!, i.HasAttribute("checked"))).ToList();
        Assert.Equal(new[] { (erik.Id.ToString(), true), (timea.Id.ToString(), true) }, ticked);
        Assert.DoesNotContain(niki.Name, page.Document.QuerySelector("fieldset.attendees")!.TextContent);
        var now = WatchedAt(app.Clock.GetUtcNow());
        Assert.Equal(now["WatchedOn"], page.Document.QuerySelector("#watched-on option[selected]")!.GetAttribute("value"));
        Assert.StartsWith("Today, ", page.Document.QuerySelector("#watched-on option[selected]")!.TextContent);
        // Newest first, never a day ahead; the nomination's week and the last month to choose from.
        var days = page.Document.QuerySelectorAll("#watched-on option").Select(o => o.GetAttribute("value")!).ToList();
        Assert.Equal(now["WatchedOn"], days[0]);
        Assert.Equal(days.OrderDescending(), days);
        Assert.True(days.Count >= 31, $"{days.Count} days offered");
        Assert.Equal(now["WatchedTime"], page.Document.QuerySelector("#watched-time option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task We_watched_it_gives_everyone_ticked_a_watch_not_yet_synced_to_Trakt()
    {
        var (erik, timea, _, client, coco) = await HouseholdAsync();
        var page = await client.GetPageAsync($"/Watched/{coco}");
        var posted = await client.SubmitAsync(page, page.Form("form.watched-form"));

        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        var after = await client.GetPageAsync(posted.Response.Headers.Location!.OriginalString);
        Assert.Contains("Recorded for Erik and Timea.", after.Document.QuerySelector("[role=status]")!.TextContent);

        var now = app.Clock.GetUtcNow().UtcDateTime;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var at = SqliteTime.ToText(minute);
        var expected = new List<(long, long, string?, long, long?, string?, long?)>
        {
            (erik.Id, 354912, at, 0, coco, thisWeek.ToString(), null),
            (timea.Id, 354912, at, 0, coco, thisWeek.ToString(), null),
        };
        Assert.Equal(expected, await WatchesAsync());
        Assert.Contains("Every active member has been recorded", after.Text);
    }

    [Fact]
    public async Task Recording_the_same_nomination_again_names_who_was_already_recorded_and_adds_no_second_watch()
    {
        var (erik, timea, _, client, coco) = await HouseholdAsync();
        var page = await client.GetPageAsync($"/Watched/{coco}");
        var form = page.Form("form.watched-form");
        await client.SubmitAsync(page, form, new Dictionary<string, string> { ["Attendees"] = erik.Id.ToString() });

        // The same (now stale) form again, with both ticked: Erik is not recorded twice.
        var again = await client.SubmitAsync(page, form);
        var after = await client.GetPageAsync(again.Response.Headers.Location!.OriginalString);
        Assert.Contains("Recorded for Timea. Erik was already recorded.", after.Text);
        var onlyErik = await client.SubmitAsync(page, form, new Dictionary<string, string> { ["Attendees"] = erik.Id.ToString() });
        Assert.Contains("Erik was already recorded, so nothing new was recorded.",
            (await client.GetPageAsync(onlyErik.Response.Headers.Location!.OriginalString)).Text);

        Assert.Equal(new[] { erik.Id, timea.Id }, (await WatchesAsync()).Select(w => w.UserId));
        Assert.Contains("Already recorded", after.Text);
    }

    [Fact]
    public async Task Members_recording_the_same_night_at_once_give_each_member_one_watch()
    {
        var (erik, timea, _, _, coco) = await HouseholdAsync();
        var log = new WatchLog(app.Db, app.Services.GetRequiredService<HouseholdSettings>(), app.Clock, app.Services.GetRequiredService<WeekWriteGate>());
        var recordings = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => log.RecordAsync(coco, i % 2 == 0 ? erik.Id : timea.Id, [erik.Id, timea.Id], app.Clock.GetUtcNow().AddMinutes(-5)))));

        Assert.All(recordings, r => Assert.True(r.Succeeded));
        Assert.Equal(2, recordings.Sum(r => r.Recorded.Count));
        Assert.Equal(new[] { erik.Id, timea.Id }, (await WatchesAsync()).Select(w => w.UserId));
    }

    [Fact]
    public async Task A_watch_in_the_future_is_refused_and_nothing_is_recorded()
    {
        var (_, _, _, client, coco) = await HouseholdAsync();
        var page = await client.GetPageAsync($"/Watched/{coco}");
        var refused = await client.SubmitAsync(page, page.Form("form.watched-form"),
            WatchedAt(app.Clock.GetUtcNow().AddHours(2)));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("That time is in the future", refused.Document.QuerySelector("[role=alert]")!.TextContent);
        Assert.Empty(await WatchesAsync());
    }

    [Fact]
    public async Task A_watch_before_the_nomination_week_started_is_refused()
    {
        var (_, _, _, client, coco) = await HouseholdAsync();
        var page = await client.GetPageAsync($"/Watched/{coco}");
        var refused = await client.SubmitAsync(page, page.Form("form.watched-form"),
            WatchedAt(app.Clock.GetUtcNow().AddDays(-7)));

        Assert.Contains($"That is before week {thisWeek} started", refused.Document.QuerySelector("[role=alert]")!.TextContent);
        Assert.Empty(await WatchesAsync());
    }

    [Fact]
    public async Task A_watch_with_nobody_ticked_or_no_time_is_refused_with_a_clear_message()
    {
        var (_, _, _, client, coco) = await HouseholdAsync();
        var page = await client.GetPageAsync($"/Watched/{coco}");
        var form = page.Form("form.watched-form");
        foreach (var box in form.QuerySelectorAll("input[name=Attendees]")) box.RemoveAttribute("checked");
        var nobody = await client.SubmitAsync(page, form);
        Assert.Contains("Tick at least one member who was there.", nobody.Document.QuerySelector("[role=alert]")!.TextContent);

        var noTime = await client.SubmitAsync(page, page.Form("form.watched-form"), new Dictionary<string, string> { ["WatchedOn"] = "yesterday" });
        Assert.Contains("Choose the day and the time you watched it.", noTime.Document.QuerySelector("#watched-at-error")!.TextContent);
        Assert.Contains("watched-at-error", noTime.Document.QuerySelector("#watched-at")!.GetAttribute("aria-describedby"));
        Assert.Empty(await WatchesAsync());
    }

    [Fact]
    public async Task An_inactive_member_cannot_be_recorded_as_there()
    {
        var (_, _, niki, client, coco) = await HouseholdAsync();
        var page = await client.GetPageAsync($"/Watched/{coco}");
        var refused = await client.SubmitAsync(page, page.Form("form.watched-form"), new Dictionary<string, string> { ["Attendees"] = niki.Id.ToString() });
        Assert.Contains("Only the household's active members can be recorded as there.", refused.Text);
        Assert.Empty(await WatchesAsync());
    }

    [Fact]
    public async Task The_time_is_household_wall_clock_time_on_either_side_of_a_daylight_saving_change()
    {
        var (erik, _, _, client, _) = await HouseholdAsync();
        // Budapest moved to summer time on 29 March 2026; the week 2026-W13 spans the change.
        var week = WeekId.Parse("2026-W13");
        var movie = await app.NominationAsync(week, erik, "Up");
        var page = await client.GetPageAsync($"/Watched/{movie}");
        var form = page.Form("form.watched-form");
        await client.SubmitAsync(page, form, new Dictionary<string, string> { ["Attendees"] = erik.Id.ToString(), ["WatchedOn"] = "2026-03-28", ["WatchedTime"] = "20:00" });
        var timea = (await app.Members.ListAsync(false)).Single(m => m.Name == "Timea");
        await client.SubmitAsync(page, form, new Dictionary<string, string> { ["Attendees"] = timea.Id.ToString(), ["WatchedOn"] = "2026-03-29", ["WatchedTime"] = "20:00" });

        Assert.Equal(new[] { "2026-03-28T19:00:00.000Z", "2026-03-29T18:00:00.000Z" }, (await WatchesAsync()).Select(w => w.WatchedAt));
    }

    [Fact]
    public async Task A_movie_nominated_by_title_alone_is_recorded_with_TMDB_id_0_and_can_still_be_rated()
    {
        var (erik, _, _, client, _) = await HouseholdAsync();
        var film = await app.NominationAsync(thisWeek, erik, "Our home movie", tmdbId: null);
        var page = await client.GetPageAsync($"/Watched/{film}");
        var after = await client.SubmitAsync(page, page.Form("form.watched-form"), new Dictionary<string, string> { ["Attendees"] = erik.Id.ToString() });
        var recorded = await client.GetPageAsync(after.Response.Headers.Location!.OriginalString);

        var watch = Assert.Single(await WatchesAsync());
        Assert.Equal((0L, film, 0L), (watch.TmdbId, watch.NominationId!.Value, watch.Synced));
        var rated = await client.SubmitAsync(recorded, recorded.Form("form.rating-form"), new Dictionary<string, string> { ["rating"] = "6" });
        Assert.Equal(HttpStatusCode.Redirect, rated.Status);
        Assert.Equal(6L, (await WatchesAsync())[0].Rating);
    }

    [Fact]
    public async Task An_unknown_nomination_is_not_found_and_strangers_are_sent_to_the_profile_picker()
    {
        var (_, _, _, client, coco) = await HouseholdAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Watched/{coco + 100}")).StatusCode);
        var stranger = await app.NewClient().GetAsync($"/Watched/{coco}");
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
        Assert.StartsWith("/?ReturnUrl=", stranger.Headers.Location!.ToString()); // never built on the Host header
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected()
    {
        var (erik, _, _, client, coco) = await HouseholdAsync();
        var response = await client.PostAsync($"/Watched/{coco}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Attendees"] = erik.Id.ToString(), ["WatchedOn"] = WatchedAt(app.Clock.GetUtcNow())["WatchedOn"], ["WatchedTime"] = WatchedAt(app.Clock.GetUtcNow())["WatchedTime"],
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await WatchesAsync());
    }
}
