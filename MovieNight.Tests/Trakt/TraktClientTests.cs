using System.Diagnostics;
using MovieNight.Tests.Fakes;
using MovieNight.Web.Trakt;

namespace MovieNight.Tests.Trakt;

/// <summary>The API client against the fake's quirks: failures mapped to what a member can act on, pages followed, limits kept.</summary>
public sealed class TraktClientTests
{
    [Theory]
    [InlineData(FakeTraktFault.AccountLimit, TraktProblemKind.AccountLimit, "free account's limit")]
    [InlineData(FakeTraktFault.Locked, TraktProblemKind.Locked, "locked")]
    [InlineData(FakeTraktFault.VipOnly, TraktProblemKind.VipOnly, "VIP")]
    public async Task Account_problems_come_back_in_words_and_are_not_retried(FakeTraktFault fault, TraktProblemKind kind, string words)
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Fake.FailNext(5, fault, "/users/settings");

        var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.Equal(kind, answer.Problem?.Kind);
        Assert.Contains(words, answer.Problem!.Message);
        Assert.Equal(1, house.Fake.Count("GET", "/users/settings"));
    }

    [Theory]
    [InlineData(FakeTraktFault.ServerError, 503)]
    [InlineData(FakeTraktFault.CloudflareHtml, 520)]
    [InlineData(FakeTraktFault.CloudflareHtml, 522)]
    [InlineData(FakeTraktFault.RateLimited, 429)]
    public async Task Passing_failures_on_reads_are_retried_until_Trakt_answers(FakeTraktFault fault, int status)
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Fake.FailNext(2, fault, "/users/settings", status: status);

        var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.True(answer.Succeeded, answer.Problem?.Message);
        Assert.Equal(3, house.Fake.Count("GET", "/users/settings"));
    }

    [Fact]
    public async Task An_outage_that_outlasts_the_retries_reads_as_unavailable_never_an_exception()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Fake.FailNext(10, FakeTraktFault.CloudflareHtml, "/users/settings");

        var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.Equal(TraktProblemKind.Unavailable, answer.Problem?.Kind);
        Assert.Contains("nothing was lost", answer.Problem!.Message);
    }

    [Fact]
    public async Task A_slow_Trakt_times_out_and_reads_as_unavailable()
    {
        await using var house = await TraktHousehold.StartAsync(settings: [("Trakt:AttemptTimeout", "00:00:00.500"), ("Trakt:MaxRetries", "1")]);
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Fake.FailNext(2, FakeTraktFault.Slow, "/users/settings", delay: TimeSpan.FromSeconds(5));

        var watch = Stopwatch.StartNew();
        var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.Equal(TraktProblemKind.Unavailable, answer.Problem?.Kind);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_long_Retry_After_is_reported_rather_than_waited_out()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Fake.FailNext(1, FakeTraktFault.RateLimited, "/users/settings", retryAfterSeconds: 300);

        var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.Equal(TraktProblemKind.RateLimited, answer.Problem?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(300), answer.Problem!.RetryAfter);
        Assert.Equal(1, house.Fake.Count("GET", "/users/settings"));
    }

    [Fact]
    public async Task Bad_app_credentials_say_so()
    {
        await using var house = await TraktHousehold.StartAsync(settings: [("TRAKT_CLIENT_ID", "not-the-app"), ("TRAKT_CLIENT_SECRET", "wrong")]);
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));

        var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.Equal(TraktProblemKind.BadAppCredentials, answer.Problem?.Kind);
        Assert.Contains("the Trakt app credentials are not valid", answer.Problem!.Message);
    }

    [Fact]
    public async Task Every_page_is_read_at_the_largest_page_size_until_the_last()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        var start = new DateTimeOffset(2020, 1, 1, 20, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 620; i++) user.AddPlay(900000 + i, $"Movie {i}", 2000 + i % 20, start.AddDays(i));
        await house.LinkAsync(house.Timea, user);

        var history = await house.Get<TraktClient>().GetAllPagesAsync<HistoryItem>(house.Timea.Id, "sync/history/movies");

        Assert.True(history.Succeeded, history.Problem?.Message);
        Assert.Equal(620, history.Value.Count);
        Assert.Equal(620, history.Value.Select(h => h.Id).Distinct().Count());
        var pages = house.Fake.Requests.Where(r => r.Path == "/sync/history/movies").Select(r => r.Query).ToList();
        Assert.Equal(["?page=1&limit=250", "?page=2&limit=250", "?page=3&limit=250"], pages);
    }

    [Fact]
    public async Task A_burst_of_writes_keeps_to_one_a_second_and_Trakt_never_answers_429()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        var client = house.Get<TraktClient>();

        var watch = Stopwatch.StartNew();
        var writes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync<object>(house.Timea.Id, "sync/watchlist",
            new { movies = new[] { new { ids = new { tmdb = 438631 } } } })));

        Assert.All(writes, w => Assert.True(w.Succeeded, w.Problem?.Message));
        Assert.Equal(0, house.Fake.RateLimitedCount);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2.9), $"4 writes took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_write_whose_answer_failed_is_not_sent_again()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Fake.FailNext(1, FakeTraktFault.ServerError, "/sync/history");

        var answer = await house.Get<TraktClient>().PostAsync<object>(house.Timea.Id, "sync/history",
            new { movies = new[] { new { ids = new { tmdb = 438631 }, watched_at = "2026-11-27T20:00:00.000Z" } } });

        Assert.Equal(TraktProblemKind.WriteUnconfirmed, answer.Problem?.Kind);
        Assert.Contains("checks Trakt before sending it again", answer.Problem!.Message);
        Assert.Equal(1, house.Fake.Count("POST", "/sync/history"));
    }

    private sealed record HistoryItem(long Id, DateTimeOffset WatchedAt);
}
