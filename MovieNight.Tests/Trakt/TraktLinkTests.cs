using MovieNight.Migrations;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Trakt;

namespace MovieNight.Tests.Trakt;

/// <summary>Linking a member's Trakt account by redirect and by device code, end to end against the fake Trakt.</summary>
public sealed class TraktLinkTests
{
    [Fact]
    public async Task A_member_links_by_redirect_and_sees_their_Trakt_username()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.SignedInUser = house.Fake.AddUser("timea_watches", vip: true);
        var timea = await house.SignInAsync(house.Timea);

        var page = await house.LinkByRedirectAsync(timea);

        Assert.Contains("Trakt linked: you are timea_watches at Trakt.", page.Text);
        Assert.Contains("You are timea_watches at Trakt.", page.Text);
        Assert.Contains("Trakt VIP", page.Text);
        var authorize = house.Fake.Requests.Single(r => r.Path == "/oauth/authorize");
        Assert.Contains("code_challenge_method=S256", authorize.Query);
        Assert.Contains("code_challenge=", authorize.Query);
        // The settings were read with the new token, with every header Trakt requires.
        var settings = house.Fake.Requests.Single(r => r.Path == "/users/settings");
        Assert.Equal((200, "2", house.Fake.ClientId, true), (settings.Status, settings.ApiVersion, settings.ApiKey, settings.UserAgent?.StartsWith("MovieNight/") == true));
    }

    [Fact]
    public async Task Behind_a_reverse_proxy_the_redirect_uri_is_built_on_MOVIENIGHT_PUBLIC_URL()
    {
        await using var house = await TraktHousehold.StartAsync(settings: [("MOVIENIGHT_PUBLIC_URL", "https://movies.example.net/")]);
        // An https public URL makes cookies Secure: the members' browsers reach the app over https.
        var timea = await house.App.SignedInClientAsync(house.Timea, https: true);

        var login = await timea.GetAsync("/auth/trakt/login");

        Assert.StartsWith(house.Fake.AuthBaseUrl + "/oauth/authorize?", login.Headers.Location!.AbsoluteUri);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString("https://movies.example.net/auth/trakt/callback"), login.Headers.Location.Query);
        Assert.Contains("https://movies.example.net/auth/trakt/callback", (await (await house.App.SignedInClientAsync(house.Admin, https: true)).GetPageAsync("/Admin/Trakt")).Text);
    }

    [Theory]
    [InlineData(FakeTraktFault.ServerError, "Trakt is not answering right now; nothing was lost")]
    [InlineData(FakeTraktFault.CloudflareHtml, "Trakt is not answering right now; nothing was lost")]
    [InlineData(FakeTraktFault.RateLimited, "Trakt asks us to slow down")]
    public async Task A_Trakt_failure_while_linking_says_what_happened_and_links_nothing(FakeTraktFault fault, string message)
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.SignedInUser = house.Fake.AddUser("timea_watches");
        house.Fake.FailNext(1, fault, "/oauth/token", retryAfterSeconds: 30);
        var timea = await house.SignInAsync(house.Timea);

        var page = await house.LinkByRedirectAsync(timea);

        Assert.Contains(message, page.Text);
        Assert.Contains("Link with Trakt", page.Text);
        Assert.Null(await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id));
    }

    [Fact]
    public async Task A_device_code_Trakt_cannot_give_now_is_explained()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.FailNext(1, FakeTraktFault.ServerError, "/oauth/device/code");
        var timea = await house.SignInAsync(house.Timea);

        var page = await timea.GetPageAsync("/Trakt");
        await timea.SubmitAsync(page, page.Form("form[action*='DeviceStart']"));
        page = await timea.GetPageAsync("/Trakt");

        Assert.Contains("Trakt is not answering right now", page.Text);
        Assert.Null(page.Document.QuerySelector(".user-code"));
    }

    [Fact]
    public async Task A_replayed_state_is_refused_and_links_nothing()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.SignedInUser = house.Fake.AddUser("timea_watches");
        var timea = await house.SignInAsync(house.Timea);
        var login = await timea.GetAsync("/auth/trakt/login");
        var callback = await TraktHousehold.AuthorizeAtTraktAsync(login.Headers.Location!);
        Assert.Contains("Trakt linked", (await TraktHousehold.FinishAsync(timea, callback)).Text);

        var replay = await TraktHousehold.FinishAsync(timea, callback);

        Assert.Contains("That link back from Trakt is not valid (already used, or started by someone else)", replay.Text);
        Assert.Equal(1, house.Fake.Count("POST", "/oauth/token"));
    }

    [Fact]
    public async Task A_state_older_than_ten_minutes_is_refused()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.SignedInUser = house.Fake.AddUser("timea_watches");
        var timea = await house.SignInAsync(house.Timea);
        var login = await timea.GetAsync("/auth/trakt/login");
        var callback = await TraktHousehold.AuthorizeAtTraktAsync(login.Headers.Location!);

        house.Clock.Advance(TimeSpan.FromMinutes(11));
        var page = await TraktHousehold.FinishAsync(timea, callback);

        Assert.Contains("took longer than 10 minutes", page.Text);
        Assert.Null(await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id));
        Assert.Equal(0, house.Fake.Count("POST", "/oauth/token"));
    }

    [Fact]
    public async Task Another_members_state_is_refused_and_stays_spent()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.SignedInUser = house.Fake.AddUser("timea_watches");
        var timea = await house.SignInAsync(house.Timea);
        var erik = await house.SignInAsync(house.Admin);
        var login = await timea.GetAsync("/auth/trakt/login");
        var callback = await TraktHousehold.AuthorizeAtTraktAsync(login.Headers.Location!);

        // Erik is tricked into opening Timea's callback: it must not link Timea's Trakt to Erik.
        var erikPage = await TraktHousehold.FinishAsync(erik, callback);
        Assert.Contains("not valid", erikPage.Text);
        Assert.Null(await house.Get<TraktTokenStore>().FindAsync(house.Admin.Id));
        // The attempt spent it: the state is single use whoever presented it.
        Assert.Contains("not valid", (await TraktHousehold.FinishAsync(timea, callback)).Text);
        Assert.Equal(0, house.Fake.Count("POST", "/oauth/token"));
    }

    [Fact]
    public async Task A_denied_authorization_returns_with_a_quiet_message()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.SignedInUser = house.Fake.AddUser("timea_watches");
        house.Fake.DenyAuthorization = true;
        var timea = await house.SignInAsync(house.Timea);

        var page = await house.LinkByRedirectAsync(timea);

        Assert.Contains("Trakt was not linked: the authorization was declined at Trakt.", page.Text);
        Assert.Contains("Link with Trakt", page.Text);
        Assert.Null(page.Document.QuerySelector(".alert-error:not([hidden])"));
    }

    [Fact]
    public async Task One_Trakt_account_links_to_one_member_only()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.SignedInUser = house.Fake.AddUser("shared_account");
        await house.LinkByRedirectAsync(await house.SignInAsync(house.Timea));

        var erikPage = await house.LinkByRedirectAsync(await house.SignInAsync(house.Admin));

        Assert.Contains("The Trakt account shared_account is already linked to Timea", erikPage.Text);
        Assert.Null(await house.Get<TraktTokenStore>().FindAsync(house.Admin.Id));
        Assert.Equal(1, house.Fake.Count("POST", "/oauth/revoke")); // Erik's new token does not linger at Trakt
    }

    [Fact]
    public async Task A_member_links_by_device_code_polling_at_Trakts_interval()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.DeviceInterval = TimeSpan.FromSeconds(1);
        var user = house.Fake.AddUser("timea_watches", vip: false);
        var timea = await house.SignInAsync(house.Timea);

        var page = await timea.GetPageAsync("/Trakt");
        var started = await timea.SubmitAsync(page, page.Form("form[action*='DeviceStart']"));
        Assert.Equal(HttpStatusCode.Redirect, started.Status);
        page = await timea.GetPageAsync("/Trakt");
        var code = house.Fake.LastDeviceCode!;
        Assert.Equal(code, page.Document.QuerySelector(".user-code [aria-hidden]")!.TextContent);
        Assert.StartsWith("data:image/png;base64,", page.Document.QuerySelector("img.qr-code")!.GetAttribute("src"));
        Assert.Equal("every 1s", page.Document.QuerySelector("#device-status")!.GetAttribute("hx-trigger"));

        // Before the interval has passed the app does not ask Trakt at all.
        var early = await PollAsync(timea);
        Assert.Contains("Waiting for Trakt", early);
        Assert.Equal(0, house.Fake.Count("POST", "/oauth/device/token"));

        house.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("Waiting for Trakt", await PollAsync(timea)); // 400: pending
        house.Fake.ApproveDevice(code, "timea_watches");
        await Task.Delay(1100); // the fake counts Trakt's interval on the real clock
        house.Clock.Advance(TimeSpan.FromSeconds(1));
        var linked = await timea.GetAsync("/Trakt?handler=DevicePoll", htmx: true);
        Assert.Equal("/Trakt", linked.Headers.GetValues("HX-Redirect").Single());

        page = await timea.GetPageAsync("/Trakt");
        Assert.Contains("Trakt linked: you are timea_watches at Trakt.", page.Text);
        Assert.Contains("You are timea_watches at Trakt.", page.Text);
        Assert.Equal(user.Username, (await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id))!.Username);
    }

    [Theory]
    [InlineData("denied", "the code was declined at Trakt")]
    [InlineData("expired", "The code expired before it was entered at Trakt")]
    public async Task A_device_code_that_Trakt_ends_stops_polling_with_the_reason(string ending, string message)
    {
        await using var house = await TraktHousehold.StartAsync();
        var timea = await StartDeviceCodeAsync(house);
        if (ending == "denied") house.Fake.DenyDevice(house.Fake.LastDeviceCode!);
        else house.Clock.Advance(house.Fake.DeviceCodeLifetime); // the fake's clock is the app's: Trakt answers 410 too

        house.Clock.Advance(TimeSpan.FromSeconds(1));
        var response = await timea.GetAsync("/Trakt?handler=DevicePoll", htmx: true);
        var answer = await response.Content.ReadAsStringAsync();
        var lastRetarget = response.Headers.GetValues("HX-Retarget").Single();

        Assert.Contains(message, answer);
        Assert.DoesNotContain("hx-trigger", answer);
        Assert.Equal("#device-code", lastRetarget);
        Assert.Contains("Get a new code", answer);
    }

    [Fact]
    public async Task A_slow_down_answer_lengthens_the_polling_interval()
    {
        await using var house = await TraktHousehold.StartAsync();
        var timea = await StartDeviceCodeAsync(house);

        house.Clock.Advance(TimeSpan.FromSeconds(1));
        await PollAsync(timea);
        house.Clock.Advance(TimeSpan.FromSeconds(1));
        var tooSoon = await PollAsync(timea); // real time since the last poll < 1 s: Trakt answers 429

        Assert.Equal(429, house.Fake.Requests.Last(r => r.Path == "/oauth/device/token").Status);
        Assert.Contains("every 6s", tooSoon);
    }

    [Fact]
    public async Task Two_tabs_polling_at_once_ask_Trakt_once_per_interval()
    {
        await using var house = await TraktHousehold.StartAsync();
        var timea = await StartDeviceCodeAsync(house);
        house.Clock.Advance(TimeSpan.FromSeconds(1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PollAsync(timea)));

        Assert.All(answers, a => Assert.Contains("Waiting for Trakt", a));
        Assert.Equal(1, house.Fake.Count("POST", "/oauth/device/token"));
        Assert.Equal(0, house.Fake.Requests.Count(r => r.Path == "/oauth/device/token" && r.Status == 429));
    }

    [Fact]
    public async Task A_poll_that_meets_a_Trakt_outage_keeps_polling_and_links_after()
    {
        await using var house = await TraktHousehold.StartAsync();
        var timea = await StartDeviceCodeAsync(house);
        house.Fake.FailNext(1, FakeTraktFault.ServerError, "/oauth/device/token");

        house.Clock.Advance(TimeSpan.FromSeconds(1));
        var outage = await PollAsync(timea);
        Assert.Contains("Trakt is not answering right now; still trying.", outage);
        Assert.Contains("hx-trigger=\"every 1s\"", outage);

        house.Fake.ApproveDevice(house.Fake.LastDeviceCode!, "timea_watches");
        await Task.Delay(1100);
        house.Clock.Advance(TimeSpan.FromSeconds(1));
        var linked = await timea.GetAsync("/Trakt?handler=DevicePoll", htmx: true);
        Assert.Equal("/Trakt", linked.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task Unlinking_revokes_at_Trakt_and_keeps_the_members_history()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        var tokens = await house.LinkAsync(house.Timea, user);
        await using (var connection = house.App.Db.OpenConnection())
            await connection.ExecuteAsync("INSERT INTO watch_history (user_id, tmdb_id, watched_at) VALUES (@id, 438631, '2026-11-20T20:00:00.000Z')", new { id = house.Timea.Id });
        var timea = await house.SignInAsync(house.Timea);

        var page = await timea.GetPageAsync("/Trakt");
        var after = await timea.SubmitAsync(page, page.Form("form[action='/auth/trakt/unlink']"));

        Assert.Equal(HttpStatusCode.Redirect, after.Status);
        Assert.Contains("Trakt unlinked", (await timea.GetPageAsync("/Trakt")).Text);
        Assert.Null(await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id));
        Assert.Equal(1, house.Fake.Count("POST", "/oauth/revoke"));
        Assert.Equal(HttpStatusCode.Unauthorized, await TraktCalls.UserSettingsStatusAsync(house.Fake, tokens.AccessToken));
        await using (var connection = house.App.Db.OpenConnection())
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM watch_history WHERE user_id = @id", new { id = house.Timea.Id }));
    }

    [Fact]
    public async Task Unlinking_without_the_forms_token_is_refused()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        var timea = await house.SignInAsync(house.Timea);

        var forged = await timea.PostAsync("/auth/trakt/unlink", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotNull(await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id));
    }

    [Fact]
    public async Task Status_json_shows_a_member_themself_an_admin_anyone_and_nobody_else()
    {
        await using var house = await TraktHousehold.StartAsync();
        var tokens = await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        var niki = await house.App.CreateMemberAsync("Niki");
        var timea = await house.SignInAsync(house.Timea);
        var erik = await house.SignInAsync(house.Admin);
        var nikiClient = await house.SignInAsync(niki);

        var own = await timea.GetFromJsonAsync<JsonElement>($"/api/trakt/status/{house.Timea.Id}");
        Assert.True(own.GetProperty("connected").GetBoolean());
        Assert.Equal("timea_watches", own.GetProperty("username").GetString());
        Assert.False(own.GetProperty("needsRelink").GetBoolean());
        Assert.Equal(tokens.ExpiresAt, own.GetProperty("tokenExpiresAt").GetDateTimeOffset());
        var byAdmin = await erik.GetFromJsonAsync<JsonElement>($"/api/trakt/status/{house.Timea.Id}");
        Assert.Equal("timea_watches", byAdmin.GetProperty("username").GetString());
        var adminOwn = await erik.GetFromJsonAsync<JsonElement>($"/api/trakt/status/{house.Admin.Id}");
        Assert.False(adminOwn.GetProperty("connected").GetBoolean());

        Assert.Equal(HttpStatusCode.Forbidden, (await nikiClient.GetAsync($"/api/trakt/status/{house.Timea.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync("/api/trakt/status/9999")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await house.App.NewClient().GetAsync($"/api/trakt/status/{house.Timea.Id}")).StatusCode);
        var body = await (await timea.GetAsync($"/api/trakt/status/{house.Timea.Id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(tokens.AccessToken, body);
    }

    [Fact]
    public async Task Without_credentials_the_Trakt_page_says_what_to_set_up_and_the_rest_works()
    {
        await using var house = await TraktHousehold.StartAsync(credentials: false);
        var erik = await house.SignInAsync(house.Admin);

        var page = await erik.GetPageAsync("/Trakt");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Trakt is not set up yet", page.Text);
        Assert.Contains("http://localhost/auth/trakt/callback", page.Text);
        Assert.Contains("urn:ietf:wg:oauth:2.0:oob", page.Text);
        Assert.Contains("Trakt VIP", page.Text);
        var login = await erik.GetAsync("/auth/trakt/login");
        Assert.Equal("/Trakt", login.Headers.Location!.OriginalString);
        foreach (var other in new[] { "/", "/Week", "/History", "/Account" })
            Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync(other)).StatusCode);
        Assert.Empty(house.Fake.Requests);
    }

    [Fact]
    public async Task Credentials_an_admin_enters_are_sealed_and_used_and_the_environment_wins()
    {
        await using var house = await TraktHousehold.StartAsync(credentials: false);
        house.Fake.SignedInUser = house.Fake.AddUser("timea_watches");
        var erik = await house.SignInAsync(house.Admin);

        var page = await erik.GetPageAsync("/Admin/Trakt");
        var saved = await erik.SubmitAsync(page, page.Form("main form"),
            new Dictionary<string, string> { ["ClientId"] = house.Fake.ClientId, ["ClientSecret"] = house.Fake.ClientSecret });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        page = await erik.GetPageAsync("/Admin/Trakt");
        Assert.DoesNotContain(house.Fake.ClientSecret, page.Document.DocumentElement.OuterHtml);
        await using (var connection = house.App.Db.OpenConnection())
        {
            var stored = await connection.QuerySingleAsync<string>("SELECT value FROM settings WHERE key = 'trakt.client_secret'");
            Assert.StartsWith("v1:", stored);
            Assert.DoesNotContain(house.Fake.ClientSecret, stored);
        }

        var linked = await house.LinkByRedirectAsync(await house.SignInAsync(house.Timea));
        Assert.Contains("Trakt linked", linked.Text);

        var timeaPage = await (await house.SignInAsync(house.Timea)).GetAsync("/Admin/Trakt");
        Assert.Equal(HttpStatusCode.Forbidden, timeaPage.StatusCode);
    }

    /// <summary>Timea asks for a device code on the Trakt page, with Trakt's interval at 1 second.</summary>
    private static async Task<HttpClient> StartDeviceCodeAsync(TraktHousehold house)
    {
        house.Fake.DeviceInterval = TimeSpan.FromSeconds(1);
        house.Fake.AddUser("timea_watches");
        var timea = await house.SignInAsync(house.Timea);
        var page = await timea.GetPageAsync("/Trakt");
        await timea.SubmitAsync(page, page.Form("form[action*='DeviceStart']"));
        return timea;
    }

    private static async Task<string> PollAsync(HttpClient member)
    {
        var response = await member.GetAsync("/Trakt?handler=DevicePoll", htmx: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

internal static class TraktCalls
{
    /// <summary>Asks the fake Trakt directly whether a token still works.</summary>
    public static async Task<HttpStatusCode> UserSettingsStatusAsync(FakeTraktServer fake, string accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fake.ApiBaseUrl.TrimEnd('/')}/users/settings");
        request.Headers.Add("trakt-api-key", fake.ClientId);
        request.Headers.Add("trakt-api-version", "2");
        request.Headers.UserAgent.ParseAdd("MovieNight.Tests/1.0");
        request.Headers.Authorization = new("Bearer", accessToken);
        return (await http.SendAsync(request)).StatusCode;
    }
}

internal static class HtmxRequests
{
    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string url, bool htmx)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (htmx) request.Headers.Add("HX-Request", "true");
        return client.SendAsync(request);
    }
}

/// <summary>Tokens and the app's secret never reach a page, a log line or the jobs database.</summary>
public sealed class TraktSecretTests
{
    [Fact]
    public async Task No_token_or_secret_appears_in_pages_logs_or_jobs()
    {
        await using var house = await TraktHousehold.StartAsync();
        house.Fake.SignedInUser = house.Fake.AddUser("timea_watches");
        var timea = await house.SignInAsync(house.Timea);
        var pages = new List<string> { (await house.LinkByRedirectAsync(timea)).Document.DocumentElement.OuterHtml };
        var secrets = new List<string> { house.Fake.ClientSecret, house.Fake.LastAuthorizationCode! };
        secrets.AddRange(await OpenTokensAsync(house));
        house.Clock.Advance(house.Fake.TokenLifetime);
        Assert.True((await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id)).Succeeded);
        secrets.AddRange(await OpenTokensAsync(house));
        house.Fake.FailNext(3, FakeTraktFault.CloudflareHtml, "/users/settings");
        await house.Get<TraktClient>().GetUserSettingsAsync(house.Timea.Id);
        pages.Add((await timea.GetPageAsync("/Trakt")).Document.DocumentElement.OuterHtml);
        pages.Add(await (await timea.GetAsync($"/api/trakt/status/{house.Timea.Id}")).Content.ReadAsStringAsync());
        pages.Add((await (await house.SignInAsync(house.Admin)).GetPageAsync("/Admin/Trakt")).Document.DocumentElement.OuterHtml);

        var logs = string.Join("\n", house.App.Logs);
        Assert.Contains("Refreshed member", logs);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs);
            Assert.All(pages, page => Assert.DoesNotContain(secret, page));
        }
    }

    private static async Task<IEnumerable<string>> OpenTokensAsync(TraktHousehold house)
    {
        var link = (await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id))!;
        var vault = house.Get<TokenVault>();
        return [vault.Open(link.SealedAccess, TraktTokenStore.AccessPurpose(link.MemberId))!, vault.Open(link.SealedRefresh, TraktTokenStore.RefreshPurpose(link.MemberId))!];
    }
}
