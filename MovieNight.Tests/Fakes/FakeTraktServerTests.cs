using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Fakes;

/// <summary>The fake Trakt's own quirks, through a plain HttpClient.</summary>
public sealed class FakeTraktServerTests : IAsyncLifetime
{
    private const string Redirect = "http://localhost/trakt/callback";
    private readonly TestClock clock = new();
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private FakeTraktServer trakt = null!;
    private FakeTraktUser alice = null!;

    public async Task InitializeAsync()
    {
        trakt = await FakeTraktServer.StartAsync(clock);
        trakt.RegisteredRedirectUris.Add(Redirect);
        alice = trakt.AddUser("Alice Example");
        trakt.SignedInUser = alice;
        http.DefaultRequestHeaders.UserAgent.ParseAdd("MovieNight/1.0");
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await trakt.DisposeAsync();
    }

    [Fact]
    public async Task The_code_flow_with_PKCE_gives_a_token_that_reads_the_settings()
    {
        var token = await LinkAsync();

        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.Equal("public", token.GetProperty("scope").GetString());
        Assert.Equal(7 * 24 * 3600, token.GetProperty("expires_in").GetInt64());
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), token.GetProperty("created_at").GetInt64());
        using var settings = await Api(HttpMethod.Get, "/users/settings", token.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var user = (await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user");
        Assert.Equal("alice-example", user.GetProperty("ids").GetProperty("slug").GetString());
        Assert.True(user.GetProperty("vip").GetBoolean());
    }

    [Fact]
    public async Task A_wrong_verifier_a_reused_code_or_a_bad_secret_are_refused()
    {
        var (code, verifier) = await AuthorizeAsync();

        using var wrong = await Auth("/oauth/token", Exchange(code, "not-the-verifier"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(wrong));
        using var ok = await Auth("/oauth/token", Exchange(code, verifier));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var again = await Auth("/oauth/token", Exchange(code, verifier));
        Assert.Equal("invalid_grant", await ErrorOf(again));
        using var badSecret = await http.PostAsync(trakt.AuthBaseUrl + "/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = "x", ["client_id"] = trakt.ClientId, ["client_secret"] = "nope",
        })); // form-urlencoded is accepted too
        Assert.Equal(HttpStatusCode.Unauthorized, badSecret.StatusCode);
        Assert.Equal("invalid_client", await ErrorOf(badSecret));
    }

    [Fact]
    public async Task Authorize_refuses_unknown_clients_and_redirects_and_passes_a_denial_back()
    {
        using var unknownClient = await http.GetAsync($"{trakt.AuthBaseUrl}/oauth/authorize?response_type=code&client_id=nope&redirect_uri={Uri.EscapeDataString(Redirect)}");
        Assert.Equal(HttpStatusCode.BadRequest, unknownClient.StatusCode);
        Assert.Equal("text/html", unknownClient.Content.Headers.ContentType?.MediaType);
        using var unknownRedirect = await http.GetAsync($"{trakt.AuthBaseUrl}/oauth/authorize?response_type=code&client_id={trakt.ClientId}&redirect_uri=http%3A%2F%2Fevil.example%2F");
        Assert.Equal(HttpStatusCode.BadRequest, unknownRedirect.StatusCode);

        trakt.DenyAuthorization = true;
        using var denied = await http.GetAsync($"{trakt.AuthBaseUrl}/oauth/authorize?response_type=code&client_id={trakt.ClientId}&redirect_uri={Uri.EscapeDataString(Redirect)}&state=s1");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith(Redirect + "?error=access_denied", denied.Headers.Location!.ToString());
        Assert.EndsWith("&state=s1", denied.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_the_old_pair_dies()
    {
        var first = await LinkAsync();
        var refresh = new { grant_type = "refresh_token", refresh_token = first.GetProperty("refresh_token").GetString(), client_id = trakt.ClientId, client_secret = trakt.ClientSecret, redirect_uri = Redirect };

        using var renewed = await Auth("/oauth/token", refresh);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var second = await renewed.Content.ReadFromJsonAsync<JsonElement>();
        using var reused = await Auth("/oauth/token", refresh);

        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(reused));
        Assert.Equal(1, trakt.ReusedRefreshTokens);
        Assert.Equal(1, trakt.RefreshCount);
        Assert.Equal(1, alice.RefreshCount);
        using var oldAccess = await Api(HttpMethod.Get, "/users/settings", first.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, oldAccess.StatusCode);
        using var newAccess = await Api(HttpMethod.Get, "/users/settings", second.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, newAccess.StatusCode);
    }

    [Fact]
    public async Task Revoked_and_expired_tokens_get_401()
    {
        var pair = trakt.IssueTokens(alice);
        using var revoke = await Auth("/oauth/revoke", new { token = pair.AccessToken, client_id = trakt.ClientId, client_secret = trakt.ClientSecret });
        Assert.Equal("{}", await revoke.Content.ReadAsStringAsync());
        using var revoked = await Api(HttpMethod.Get, "/users/settings", pair.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        using var refresh = await Auth("/oauth/token", new { grant_type = "refresh_token", refresh_token = pair.RefreshToken, client_id = trakt.ClientId, client_secret = trakt.ClientSecret });
        Assert.Equal("invalid_grant", await ErrorOf(refresh));

        var fresh = trakt.IssueTokens(alice);
        clock.Advance(trakt.TokenLifetime);
        using var expired = await Api(HttpMethod.Get, "/users/settings", fresh.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        using var none = await Api(HttpMethod.Get, "/users/settings", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task The_device_flow_answers_each_of_its_statuses()
    {
        trakt.DeviceInterval = TimeSpan.FromSeconds(1);
        var pending = await DeviceCodeAsync();
        Assert.Equal(HttpStatusCode.BadRequest, await PollAsync(pending));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PollAsync(pending)); // faster than the interval
        Assert.Equal(HttpStatusCode.NotFound, await PollAsync("no-such-code"));

        var approved = await DeviceCodeAsync();
        Assert.Matches("^[A-Z0-9]{8}$", trakt.LastDeviceCode);
        trakt.ApproveDevice(trakt.LastDeviceCode!, "Alice Example");
        using (var token = await Auth("/oauth/device/token", new { code = approved, client_id = trakt.ClientId, client_secret = trakt.ClientSecret }))
        {
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
            Assert.True((await token.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("refresh_token", out _));
        }
        Assert.Equal(HttpStatusCode.Conflict, await PollAsync(approved));

        var denied = await DeviceCodeAsync();
        trakt.DenyDevice(trakt.LastDeviceCode!);
        Assert.Equal((HttpStatusCode)418, await PollAsync(denied));

        var expired = await DeviceCodeAsync();
        clock.Advance(trakt.DeviceCodeLifetime);
        Assert.Equal(HttpStatusCode.Gone, await PollAsync(expired));
    }

    [Fact]
    public async Task A_second_write_within_a_second_gets_429_with_Retry_After_and_X_Ratelimit()
    {
        var token = trakt.IssueTokens(alice).AccessToken;
        var body = new { movies = new[] { new { ids = new { tmdb = 27205 }, watched_at = "2026-07-01T20:00:00.000Z" } } };

        using var first = await Api(HttpMethod.Post, "/sync/history", token, body);
        using var second = await Api(HttpMethod.Post, "/sync/history", token, body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), second.Headers.RetryAfter?.Delta);
        Assert.Equal("text/plain", second.Content.Headers.ContentType?.MediaType);
        Assert.Contains("AUTHED_API_POST_LIMIT", second.Headers.GetValues("X-Ratelimit").Single());
        Assert.Equal(1, trakt.RateLimitedCount);
        Assert.Equal(1, alice.PlayCount(27205));
    }

    [Fact]
    public async Task Writes_do_not_deduplicate_and_report_unknown_movies()
    {
        trakt.EnforceRateLimits = false;
        var token = trakt.IssueTokens(alice).AccessToken;
        var body = new { movies = new object[] { new { ids = new { tmdb = 603 }, watched_at = "2026-07-01T20:00:00Z" }, new { ids = new { tmdb = 1 } } } };
        using var before = await Api(HttpMethod.Get, "/sync/last_activities", token);
        var watchedBefore = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("movies").GetProperty("watched_at").GetString();

        using var first = await Api(HttpMethod.Post, "/sync/history", token, body);
        using var second = await Api(HttpMethod.Post, "/sync/history", token, body);

        var answer = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, answer.GetProperty("added").GetProperty("movies").GetInt32());
        Assert.Equal(1, answer.GetProperty("not_found").GetProperty("movies")[0].GetProperty("ids").GetProperty("tmdb").GetInt32());
        Assert.Equal(2, alice.PlayCount(603));
        using var after = await Api(HttpMethod.Get, "/sync/last_activities", token);
        Assert.NotEqual(watchedBefore, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("movies").GetProperty("watched_at").GetString());
    }

    [Fact]
    public async Task A_free_watchlist_over_250_gets_420_with_the_limit_headers()
    {
        var free = trakt.AddUser("bob", vip: false);
        for (var i = 0; i < 250; i++) free.AddToWatchlist(900_000 + i, $"Filler {i}", 2000);

        using var over = await Api(HttpMethod.Post, "/sync/watchlist", trakt.IssueTokens(free).AccessToken, new { movies = new[] { new { ids = new { tmdb = 27205 } } } });

        Assert.Equal((HttpStatusCode)420, over.StatusCode);
        Assert.Equal("250", over.Headers.GetValues("X-Account-Limit").Single());
        Assert.Equal("false", over.Headers.GetValues("X-VIP-User").Single());
        Assert.Single(over.Headers.GetValues("X-Upgrade-URL"));
    }

    [Fact]
    public async Task History_is_paginated_newest_first_with_the_four_headers()
    {
        var start = new DateTimeOffset(2026, 1, 1, 20, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 25; i++) alice.AddPlay(500_000 + i, $"Movie {i}", 2001, start.AddDays(i));
        var token = trakt.IssueTokens(alice).AccessToken;

        using var page = await Api(HttpMethod.Get, "/sync/history/movies?page=3", token);
        using var clamped = await Api(HttpMethod.Get, "/sync/history/movies?limit=1000", token);

        Assert.Equal(["3", "10", "3", "25"], new[] { "Page", "Limit", "Page-Count", "Item-Count" }.Select(h => page.Headers.GetValues($"X-Pagination-{h}").Single()));
        var items = await page.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, items.GetArrayLength());
        Assert.Equal("Movie 4", items[0].GetProperty("movie").GetProperty("title").GetString());
        Assert.True(items[0].GetProperty("id").GetInt64() > int.MaxValue);
        Assert.Equal("250", clamped.Headers.GetValues("X-Pagination-Limit").Single());
    }

    [Fact]
    public async Task Without_a_User_Agent_Cloudflare_answers_403_HTML()
    {
        using var bare = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{trakt.ApiBaseUrl}/users/settings");
        request.Headers.Add("trakt-api-key", trakt.ClientId);
        request.Headers.Add("trakt-api-version", "2");

        using var response = await bare.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Cloudflare", await response.Content.ReadAsStringAsync());
        Assert.Equal(403, trakt.Requests.Single().Status);
    }

    [Fact]
    public async Task Each_host_answers_404_for_the_other_hosts_paths_and_a_wrong_key_gets_403()
    {
        using var oauthOnApi = await http.PostAsJsonAsync($"{trakt.ApiBaseUrl}/oauth/token", new { client_id = trakt.ClientId });
        using var apiOnAuth = await http.GetAsync($"{trakt.AuthBaseUrl}/users/settings");
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, $"{trakt.ApiBaseUrl}/users/settings");
        wrongKey.Headers.Add("trakt-api-key", "someone-else");
        wrongKey.Headers.Add("trakt-api-version", "2");
        using var refused = await http.SendAsync(wrongKey);

        Assert.Equal(HttpStatusCode.NotFound, oauthOnApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiOnAuth.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(1, trakt.Count("POST", "/oauth/token"));
    }

    [Fact]
    public async Task Injected_faults_hit_their_path_and_count_and_a_slow_answer_honours_the_abort()
    {
        var token = trakt.IssueTokens(alice).AccessToken;
        trakt.FailNext(2, FakeTraktFault.CloudflareHtml, "/sync/history");
        using var other = await Api(HttpMethod.Get, "/users/settings", token);
        using var html = await Api(HttpMethod.Get, "/sync/history/movies", token);
        using var html2 = await Api(HttpMethod.Get, "/sync/history/movies", token);
        using var ok = await Api(HttpMethod.Get, "/sync/history/movies", token);
        Assert.Equal([200, 522, 522, 200], new[] { other, html, html2, ok }.Select(r => (int)r.StatusCode));

        trakt.FailNext(1, FakeTraktFault.Slow, delay: TimeSpan.FromSeconds(30));
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Api(HttpMethod.Get, "/users/settings", token, cancel: impatient.Token));
        await WaitUntil(() => trakt.Requests[^1].Status == 499);
    }

    [Fact]
    public async Task Twenty_concurrent_calls_are_all_answered_and_logged()
    {
        var token = trakt.IssueTokens(alice).AccessToken;
        alice.AddRating(27205, 9);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Api(HttpMethod.Get, "/sync/ratings/movies", token)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(20, trakt.Count("GET", "/sync/ratings/movies"));
        Assert.All(trakt.Requests, r => Assert.Equal(token, r.BearerToken));
    }

    private async Task<(string Code, string Verifier)> AuthorizeAsync()
    {
        var verifier = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var response = await http.GetAsync($"{trakt.AuthBaseUrl}/oauth/authorize?response_type=code&client_id={trakt.ClientId}"
            + $"&redirect_uri={Uri.EscapeDataString(Redirect)}&state=xyz&code_challenge={challenge}&code_challenge_method=S256");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Redirect + "?code=", location);
        Assert.EndsWith("&state=xyz", location);
        return (trakt.LastAuthorizationCode!, verifier);
    }

    private object Exchange(string code, string verifier) =>
        new { code, client_id = trakt.ClientId, client_secret = trakt.ClientSecret, redirect_uri = Redirect, grant_type = "authorization_code", code_verifier = verifier };

    private async Task<JsonElement> LinkAsync()
    {
        var (code, verifier) = await AuthorizeAsync();
        using var response = await Auth("/oauth/token", Exchange(code, verifier));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> DeviceCodeAsync()
    {
        using var response = await Auth("/oauth/device/code", new { client_id = trakt.ClientId });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://trakt.tv/activate", answer.GetProperty("verification_url").GetString());
        Assert.Equal(1, answer.GetProperty("interval").GetInt32());
        return answer.GetProperty("device_code").GetString()!;
    }

    private async Task<HttpStatusCode> PollAsync(string deviceCode)
    {
        using var response = await Auth("/oauth/device/token", new { code = deviceCode, client_id = trakt.ClientId, client_secret = trakt.ClientSecret });
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> Auth(string path, object body) => http.PostAsJsonAsync(trakt.AuthBaseUrl + path, body);

    private Task<HttpResponseMessage> Api(HttpMethod method, string pathAndQuery, string? token, object? body = null, CancellationToken cancel = default)
    {
        var request = new HttpRequestMessage(method, trakt.ApiBaseUrl + pathAndQuery);
        request.Headers.Add("trakt-api-key", trakt.ClientId);
        request.Headers.Add("trakt-api-version", "2");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return http.SendAsync(request, cancel);
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition());
    }
}
