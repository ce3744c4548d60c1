using System.Net;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;
using MovieNight.Web.Movies;

namespace MovieNight.Tests.Watched;

/// <summary>Ratings 1–10 shown as half-stars out of 5, set in place with htmx or by a plain form post.</summary>
public sealed class RatingTests : IDisposable
{
    private readonly MovieNightApp app = new();
    private readonly WeekId lastWeek;

    public RatingTests() => lastWeek = app.SaturdayEvening().Previous;

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData(1, "½☆☆☆☆", "0.5 out of 5 stars")]
    [InlineData(2, "★☆☆☆☆", "1 out of 5 stars")]
    [InlineData(7, "★★★½☆", "3.5 out of 5 stars")]
    [InlineData(8, "★★★★☆", "4 out of 5 stars")]
    [InlineData(10, "★★★★★", "5 out of 5 stars")]
    public void A_rating_out_of_10_shows_as_half_stars_out_of_5(int value, string glyphs, string label)
    {
        var rating = new StarRating(value);
        Assert.Equal((glyphs, label), (rating.Glyphs, rating.Label));
    }

    [Fact]
    public void Ratings_outside_1_to_10_do_not_exist()
    {
        Assert.Null(StarRating.From(0));
        Assert.Null(StarRating.From(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StarRating(11));
    }

    private async Task<(Member Erik, Member Timea, HttpClient Client, long ErikWatch, long TimeaWatch)> WatchedAsync()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var coco = await app.NominationAsync(lastWeek, timea, "Coco", tmdbId: 354912);
        await app.ResultAsync(lastWeek, coco, null);
        var erikWatch = await app.WatchAsync(erik, coco, at: app.Clock.GetUtcNow().AddDays(-6));
        var timeaWatch = await app.WatchAsync(timea, coco, rating: 8);
        return (erik, timea, await app.SignedInClientAsync(erik, "4821"), erikWatch, timeaWatch);
    }

    private Task<long?> RatingAsync(long watchId) => app.ScalarAsync<long?>("SELECT rating FROM watch_history WHERE id = @watchId", new { watchId });

    [Fact]
    public async Task A_member_rates_their_watch_on_the_history_page_and_sees_half_stars()
    {
        var (erik, _, client, erikWatch, _) = await WatchedAsync();
        var history = await client.GetPageAsync("/History");
        var rated = await client.SubmitAsync(history, history.Form($"#rating-{erikWatch} form"), new Dictionary<string, string> { ["rating"] = "7" });

        Assert.Equal(HttpStatusCode.Redirect, rated.Status);
        Assert.Equal($"/History?from={lastWeek}#rating-{erikWatch}", rated.Response.Headers.Location!.OriginalString);
        Assert.Equal(7L, await RatingAsync(erikWatch));
        var after = await client.GetPageAsync($"/History?from={lastWeek}");
        var chosen = after.Document.QuerySelector($"#rating-{erikWatch} input[name=rating][checked]")!;
        Assert.Equal(("7", "3.5 stars"), (chosen.GetAttribute("value"), after.Document.QuerySelector($"label[for='{chosen.Id}']")!.TextContent));
    }

    [Fact]
    public async Task Rating_with_htmx_swaps_just_the_rating_in_place()
    {
        var (erik, _, client, erikWatch, _) = await WatchedAsync();
        var page = await client.GetPageAsync($"/Members/{erik.Id}");
        var fragment = await client.SubmitAsync(page, page.Form($"#rating-{erikWatch} form"), new Dictionary<string, string> { ["rating"] = "9" },
            new Dictionary<string, string> { ["HX-Request"] = "true" });

        Assert.Equal(HttpStatusCode.OK, fragment.Status);
        Assert.Null(fragment.Document.QuerySelector("header"));
        Assert.Equal("9", fragment.Document.QuerySelector($"#rating-{erikWatch} input[name=rating][checked]")!.GetAttribute("value"));
        Assert.Contains("Saved: 4.5 out of 5.", fragment.Document.QuerySelector($"#rating-{erikWatch} .rating-saved")!.TextContent);
        // Read out through the page's lasting live region, filled out of band.
        Assert.Equal("Saved: 4.5 out of 5.", fragment.Document.QuerySelector("#announcer[hx-swap-oob]")!.TextContent);
        Assert.Equal(9L, await RatingAsync(erikWatch));
    }

    [Fact]
    public async Task Choosing_not_rated_clears_the_rating()
    {
        var (_, _, client, erikWatch, _) = await WatchedAsync();
        var page = await client.GetPageAsync("/History");
        await client.SubmitAsync(page, page.Form($"#rating-{erikWatch} form"), new Dictionary<string, string> { ["rating"] = "4" });
        var cleared = await client.SubmitAsync(page, page.Form($"#rating-{erikWatch} form"), new Dictionary<string, string> { ["rating"] = "" },
            new Dictionary<string, string> { ["HX-Request"] = "true" });
        Assert.Contains("Rating removed.", cleared.Text);
        Assert.Null(await RatingAsync(erikWatch));
    }

    [Fact]
    public async Task The_own_rating_is_a_group_of_ten_half_stars_and_no_rating_that_a_screen_reader_names()
    {
        var (_, _, client, erikWatch, _) = await WatchedAsync();
        var page = await client.GetPageAsync("/History");
        var picker = page.Document.QuerySelector($"#rating-{erikWatch} fieldset.star-picker")!;
        Assert.Equal("Your rating of Coco", picker.QuerySelector("legend")!.TextContent.Trim());
        var radios = picker.QuerySelectorAll("input[type=radio][name=rating]").ToList();
        var labels = radios.Select(r => (r.GetAttribute("value"), picker.QuerySelector($"label[for='{r.Id}']")!.TextContent.Trim())).ToList();
        Assert.Equal([("1", "0.5 stars"), ("2", "1 star"), ("3", "1.5 stars"), ("4", "2 stars"), ("5", "2.5 stars"), ("6", "3 stars"),
            ("7", "3.5 stars"), ("8", "4 stars"), ("9", "4.5 stars"), ("10", "5 stars"), ("", "No rating")], labels);
        // Not rated yet: "No rating" is the chosen one; the form saves on change (htmx), no select, no Save button with script.
        Assert.Equal("", picker.QuerySelector("input[checked]")!.GetAttribute("value"));
        Assert.Null(page.Document.QuerySelector($"#rating-{erikWatch} select"));
        Assert.StartsWith("change", page.Document.QuerySelector($"#rating-{erikWatch} form")!.GetAttribute("hx-trigger"));
        Assert.Null(page.Document.QuerySelector($"#rating-{erikWatch} form > button"));
    }

    [Fact]
    public async Task A_member_cannot_rate_someone_elses_watch()
    {
        var (_, _, client, erikWatch, timeaWatch) = await WatchedAsync();
        var page = await client.GetPageAsync("/History");
        Assert.Null(page.Document.QuerySelector($"#rating-{timeaWatch} form"));

        // Erik's own form, pointed at Timea's watch.
        var form = page.Form($"#rating-{erikWatch} form");
        form.SetAttribute("action", form.GetAttribute("action")!.Replace($"/Watched/Rate/{erikWatch}", $"/Watched/Rate/{timeaWatch}"));
        var refused = await client.SubmitAsync(page, form, new Dictionary<string, string> { ["rating"] = "2" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("You can only rate your own watches.", refused.Document.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(8L, await RatingAsync(timeaWatch));
    }

    [Theory]
    [InlineData("11")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("four")]
    public async Task A_rating_outside_the_list_is_refused_and_nothing_changes(string rating)
    {
        var (_, _, client, erikWatch, _) = await WatchedAsync();
        var page = await client.GetPageAsync("/History");
        var refused = await client.SubmitAsync(page, page.Form($"#rating-{erikWatch} form"), new Dictionary<string, string> { ["rating"] = rating },
            new Dictionary<string, string> { ["HX-Request"] = "true" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.NotNull(refused.Document.QuerySelector($"#rating-{erikWatch} .rating-error"));
        Assert.NotEmpty(refused.Document.QuerySelector("#announcer[hx-swap-oob]")!.TextContent);
        Assert.Null(await RatingAsync(erikWatch));
    }

    [Fact]
    public async Task An_imported_rating_stored_times_two_shows_as_the_old_apps_stars()
    {
        var (_, _, client, _, timeaWatch) = await WatchedAsync();
        var history = await client.GetPageAsync("/History");
        var stars = history.Document.QuerySelector($"#rating-{timeaWatch} .stars")!;
        Assert.Equal(("★★★★☆", "4 out of 5 stars"), (stars.TextContent, stars.GetAttribute("aria-label")));
    }

    [Fact]
    public async Task A_rating_posted_without_htmx_only_goes_back_to_a_page_of_this_site()
    {
        var (erik, _, client, erikWatch, _) = await WatchedAsync();
        var page = await client.GetPageAsync("/History");
        var form = page.Form($"#rating-{erikWatch} form");
        form.SetAttribute("action", $"/Watched/Rate/{erikWatch}?returnUrl=https://evil.example/");
        var rated = await client.SubmitAsync(page, form, new Dictionary<string, string> { ["rating"] = "5" });
        Assert.Equal($"/Members/{erik.Id}#rating-{erikWatch}", rated.Response.Headers.Location!.OriginalString);
    }
}
