using MovieNight.Migrations;
using System.Net.Http.Json;
using Dapper;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Trakt;

namespace MovieNight.Tests.Trakt;

/// <summary>Tokens refresh before they expire and once after a 401, single-flight, and a refresh token is never sent twice.</summary>
public sealed class TraktRefreshTests
{
    [Fact]
    public async Task Twenty_concurrent_calls_with_an_expired_token_make_exactly_one_refresh()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        var old = await house.LinkAsync(house.Timea, user);
        house.Clock.Advance(house.Fake.TokenLifetime + TimeSpan.FromMinutes(1));
        var client = house.Get<TraktClient>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.GetUserSettingsAsync(house.Timea.Id))));

        Assert.All(answers, a => Assert.True(a.Succeeded, a.Problem?.Message));
        Assert.Equal(1, house.Fake.RefreshCount);
        Assert.Equal(0, house.Fake.ReusedRefreshTokens);
        Assert.DoesNotContain(house.Fake.Requests, r => r.Path == "/users/settings" && r.BearerToken == old.AccessToken);
        var link = await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id);
        Assert.True(link!.ExpiresAt > house.Clock.GetUtcNow().AddDays(6));
    }

    [Fact]
    public async Task Two_app_processes_on_one_data_directory_never_send_a_refresh_token_twice()
    {
        using var data = new TempDirectory();
        await using var first = await TraktHousehold.StartAsync(data: data);
        await using var second = await TraktHousehold.StartAsync(data: data, fake: first.Fake);
        var user = first.Fake.AddUser("timea_watches");
        await first.LinkAsync(first.Timea, user);
        var expired = first.Fake.TokenLifetime + TimeSpan.FromMinutes(1);
        first.Clock.Advance(expired);
        second.Clock.Advance(expired);
        first.Fake.Delay = TimeSpan.FromMilliseconds(300); // a slow refresh, so both processes are in flight together

        var calls = new[] { first, second }.SelectMany(house => Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id))));
        var answers = await Task.WhenAll(calls);

        Assert.All(answers, a => Assert.True(a.Succeeded, a.Problem?.Message));
        Assert.Equal(1, first.Fake.RefreshCount);
        Assert.Equal(0, first.Fake.ReusedRefreshTokens);
    }

    [Fact]
    public async Task A_401_gets_one_refresh_and_one_retry()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Fake.FailNext(1, Fakes.FakeTraktFault.Unauthorized, "/users/settings");

        var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.True(answer.Succeeded, answer.Problem?.Message);
        Assert.Equal(1, house.Fake.RefreshCount);
        Assert.Equal(2, house.Fake.Count("GET", "/users/settings"));
    }

    [Fact]
    public async Task Access_revoked_at_Trakt_asks_the_member_to_link_again()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        await house.LinkAsync(house.Timea, user);
        house.Fake.RevokeTokensOf(user);

        var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.Equal(TraktProblemKind.RelinkNeeded, answer.Problem?.Kind);
        var page = await (await house.SignInAsync(house.Timea)).GetPageAsync("/Trakt");
        Assert.Contains("Link Trakt again.", page.Text);
        Assert.Contains("Link with Trakt", page.Text);
        // Once marked, nothing more is sent to Trakt with the dead tokens.
        var before = house.Fake.Requests.Count;
        Assert.Equal(TraktProblemKind.RelinkNeeded, (await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id)).Problem?.Kind);
        Assert.Equal(before, house.Fake.Requests.Count);
    }

    [Fact]
    public async Task Tokens_sealed_under_another_key_read_as_relink_needed_not_a_crash()
    {
        using var data = new TempDirectory();
        await using (var before = await TraktHousehold.StartAsync(data: data))
            await before.LinkAsync(before.Timea, before.Fake.AddUser("timea_watches"));
        File.Delete(Path.Combine(data.Path, TokenVaultKey.FileName)); // the key file was lost: a new one is made

        await using var after = await TraktHousehold.StartAsync(data: data);
        var page = await (await after.SignInAsync(after.Timea)).GetPageAsync("/Trakt");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.Contains("Link Trakt again.", page.Text);
        Assert.Equal(TraktProblemKind.RelinkNeeded, (await after.Get<TraktClient>().GetUserSettingsAsync(after.Timea.Id)).Problem?.Kind);
        Assert.Contains("cannot be read", (await after.Get<TraktTokenStore>().FindAsync(after.Timea.Id))!.RelinkReason);
    }

    [Fact]
    public async Task A_refused_refresh_token_asks_for_a_new_link_and_is_never_sent_again()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        await house.LinkAsync(house.Timea, user);
        await using (var connection = house.App.Db.OpenConnection())
        {
            // Another tool used the refresh token first (Trakt's are single-use): ours is dead.
            var sealedRefresh = await connection.QuerySingleAsync<string>("SELECT refresh_token FROM trakt_auth");
            var refresh = house.Get<TokenVault>().Open(sealedRefresh, TraktTokenStore.RefreshPurpose(house.Timea.Id))!;
            await RefreshDirectlyAsync(house, refresh);
        }
        house.Clock.Advance(house.Fake.TokenLifetime);

        var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);
        var again = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.Equal(TraktProblemKind.RelinkNeeded, answer.Problem?.Kind);
        Assert.Equal(TraktProblemKind.RelinkNeeded, again.Problem?.Kind);
        Assert.Equal(1, house.Fake.ReusedRefreshTokens);
    }

    [Fact]
    public async Task A_refresh_without_an_answer_keeps_the_tokens_for_the_next_try()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Clock.Advance(house.Fake.TokenLifetime);
        house.Fake.FailNext(1, Fakes.FakeTraktFault.ServerError, "/oauth/token");

        var down = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);
        var back = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.Equal(TraktProblemKind.Unavailable, down.Problem?.Kind);
        Assert.True(back.Succeeded, back.Problem?.Message);
        Assert.Equal(1, house.Fake.RefreshCount);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_refresh_and_its_pair_is_kept()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Clock.Advance(house.Fake.TokenLifetime);
        house.Fake.FailNext(1, Fakes.FakeTraktFault.Slow, "/oauth/token", delay: TimeSpan.FromSeconds(1)); // Trakt rotates, then answers late

        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            var answer = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id, impatient.Token);
            impatient.Token.ThrowIfCancellationRequested(); // the refresh outlived the caller; the caller still gave up
        });
        var later = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.True(later.Succeeded, later.Problem?.Message);
        Assert.Equal(1, house.Fake.RefreshCount);
        Assert.Equal(0, house.Fake.ReusedRefreshTokens);
    }

    [Fact]
    public async Task Refused_app_credentials_leave_the_members_link_for_when_an_admin_fixes_them()
    {
        await using var house = await TraktHousehold.StartAsync(credentials: false);
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        var credentials = house.Get<TraktCredentials>();
        await credentials.SaveAsync(house.Fake.ClientId, "a-mistyped-secret");
        house.Clock.Advance(house.Fake.TokenLifetime);

        var refused = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);
        Assert.Equal(TraktProblemKind.BadAppCredentials, refused.Problem?.Kind);
        Assert.False((await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id))!.NeedsRelink);

        await credentials.SaveAsync(house.Fake.ClientId, house.Fake.ClientSecret);
        var fixedApp = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);
        Assert.True(fixedApp.Succeeded, fixedApp.Problem?.Message);
        Assert.Equal(1, house.Fake.RefreshCount);
    }

    [Fact]
    public async Task A_Cloudflare_page_instead_of_a_refresh_answer_keeps_the_link()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        house.Clock.Advance(house.Fake.TokenLifetime);
        house.Fake.FailNext(1, Fakes.FakeTraktFault.CloudflareHtml, "/oauth/token", status: 403);

        var blocked = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);
        var later = await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);

        Assert.Equal(TraktProblemKind.Unavailable, blocked.Problem?.Kind);
        Assert.True(later.Succeeded, later.Problem?.Message);
    }

    private static async Task RefreshDirectlyAsync(TraktHousehold house, string refreshToken)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("AnotherTraktTool/2.0");
        var answer = await http.PostAsJsonAsync($"{house.Fake.AuthBaseUrl.TrimEnd('/')}/oauth/token", new Dictionary<string, string>
        {
            ["refresh_token"] = refreshToken, ["client_id"] = house.Fake.ClientId, ["client_secret"] = house.Fake.ClientSecret,
            ["redirect_uri"] = TraktTokens.OutOfBandRedirect, ["grant_type"] = "refresh_token",
        });
        answer.EnsureSuccessStatusCode();
    }
}
