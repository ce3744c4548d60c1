using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MovieNight.Tests.Infrastructure;
using MovieNight.Tests.Trakt;
using MovieNight.Web.Trakt;

namespace MovieNight.Tests.AccessTokens;

/// <summary>Personal access tokens: made on the profile page, shown once, stored hashed, used as Bearer by other clients, revocable.</summary>
public sealed class AccessTokenTests
{
    [Fact]
    public async Task A_token_made_on_the_profile_page_lets_an_app_see_and_start_the_members_sync()
    {
        await using var house = await TraktHousehold.StartAsync();
        var user = house.Fake.AddUser("timea_watches");
        user.AddPlay(27205, new DateTimeOffset(2025, 1, 1, 20, 0, 0, TimeSpan.Zero));
        await house.LinkAsync(house.Timea, user);
        var token = await MakeTokenAsync(house, house.Timea, "Phone");
        using var app = house.App.NewClient();
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var started = await app.PostAsJsonAsync("/api/trakt/sync", new { userId = house.Timea.Id });
        var status = await app.GetFromJsonAsync<JsonElement>($"/api/trakt/sync?userId={house.Timea.Id}");
        var byName = await app.GetFromJsonAsync<JsonElement>("/api/trakt/status/timea");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode); // no antiforgery token: a bearer token cannot be forged across sites
        Assert.True(status.GetProperty("connected").GetBoolean());
        Assert.Equal("timea_watches", byName.GetProperty("username").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.GetAsync($"/api/trakt/status/{house.Admin.Id}")).StatusCode);
        await using var connection = house.App.Db.OpenConnection();
        Assert.DoesNotContain(token, string.Join(",", await connection.QueryAsync<string>("SELECT token_hash FROM access_tokens")));
        Assert.NotNull(await connection.ExecuteScalarAsync<string?>("SELECT last_used_at FROM access_tokens"));
    }

    [Fact]
    public async Task A_revoked_or_made_up_token_is_refused_with_401()
    {
        await using var house = await TraktHousehold.StartAsync();
        var token = await MakeTokenAsync(house, house.Timea, "Phone");
        var timea = await house.SignInAsync(house.Timea);
        var page = await timea.GetPageAsync("/Account/Tokens");
        Assert.Contains("Phone", page.Text);
        Assert.DoesNotContain(token, page.Document.DocumentElement.OuterHtml); // shown once only
        await timea.SubmitAsync(page, page.Form("form[action*='Revoke']"));

        using var app = house.App.NewClient();
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/api/trakt/sync")).StatusCode);
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "mn_madeup");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/api/trakt/sync")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await house.App.NewClient().GetAsync("/api/trakt/sync")).StatusCode);
    }

    [Fact]
    public async Task Disconnect_from_the_mobile_client_unlinks_the_caller()
    {
        await using var house = await TraktHousehold.StartAsync();
        await house.LinkAsync(house.Timea, house.Fake.AddUser("timea_watches"));
        var token = await MakeTokenAsync(house, house.Timea, "Phone");
        using var app = house.App.NewClient();
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var answer = await app.PostAsync("/api/trakt/disconnect", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Null(await house.Get<TraktTokenStore>().FindAsync(house.Timea.Id));
        Assert.Equal(1, house.Fake.Count("POST", "/oauth/revoke"));
    }

    /// <summary>Makes a token through the real form and reads it off the page, as the member would copy it.</summary>
    private static async Task<string> MakeTokenAsync(TraktHousehold house, MovieNight.Web.Household.Member member, string name)
    {
        var client = await house.SignInAsync(member);
        var page = await client.GetPageAsync("/Account/Tokens");
        var made = await client.SubmitAsync(page, page.Form("form[action*='Create']"), new Dictionary<string, string> { ["Name"] = name });
        Assert.True(made.Response.Headers.CacheControl?.NoStore);
        return made.Document.QuerySelector(".alert code")!.TextContent.Trim();
    }
}
