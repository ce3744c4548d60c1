using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;
using MovieNight.Web.Trakt;

namespace MovieNight.Tests.Trakt;

/// <summary>
/// The real app over its own temporary database, pointed at a fake Trakt on loopback that shares
/// the app's clock (so moving it expires tokens at both ends), with an admin and a member.
/// </summary>
public sealed class TraktHousehold : IAsyncDisposable
{
    private readonly bool ownsFake;

    private TraktHousehold(FakeTraktServer fake, MovieNightApp app, bool ownsFake)
    {
        Fake = fake;
        App = app;
        this.ownsFake = ownsFake;
    }

    public FakeTraktServer Fake { get; }
    public MovieNightApp App { get; }
    public TestClock Clock => App.Clock;
    public Member Admin { get; private set; } = null!;
    public Member Timea { get; private set; } = null!;
    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="credentials">Give the app the fake's client id and secret through the environment.</param>
    /// <param name="data">Share one with a second household to run two app processes on one data directory.</param>
    /// <param name="fake">Share the Trakt of another household (two processes, one Trakt).</param>
    /// <param name="kestrel">Serve over a real loopback port, for the browser.</param>
    public static async Task<TraktHousehold> StartAsync(bool credentials = true, TempDirectory? data = null, FakeTraktServer? fake = null,
        bool kestrel = false, params (string Key, string? Value)[] settings)
    {
        var app = new MovieNightApp(data, kestrel);
        var ownsFake = fake is null;
        fake ??= await FakeTraktServer.StartAsync(app.Clock);
        app.With("Trakt:ApiBaseUrl", fake.ApiBaseUrl).With("Trakt:AuthBaseUrl", fake.AuthBaseUrl)
            .With("Trakt:RetryBaseDelay", "00:00:00.020").With("Trakt:AttemptTimeout", "00:00:03");
        if (credentials) app.With("TRAKT_CLIENT_ID", fake.ClientId).With("TRAKT_CLIENT_SECRET", fake.ClientSecret);
        foreach (var (key, value) in settings) app.With(key, value);
        var household = new TraktHousehold(fake, app, ownsFake);
        if (data is null || !await app.Members.AnyAsync())
        {
            household.Admin = await app.CreateMemberAsync("Erik", admin: true);
            household.Timea = await app.CreateMemberAsync("Timea");
        }
        else
        {
            var members = await app.Members.ListAsync(includeInactive: false);
            household.Admin = members.Single(m => m.Name == "Erik");
            household.Timea = members.Single(m => m.Name == "Timea");
        }
        // The redirect URI the app builds from the test server's address.
        fake.RegisteredRedirectUris.Add("http://localhost/auth/trakt/callback");
        return household;
    }

    public Task<HttpClient> SignInAsync(Member member) => App.SignedInClientAsync(member);

    /// <summary>A member who linked earlier: tokens issued by the fake, stored as linking stores them.</summary>
    public async Task<FakeTraktTokens> LinkAsync(Member member, FakeTraktUser user)
    {
        var tokens = Fake.IssueTokens(user);
        var token = new TraktJson.Token(tokens.AccessToken, tokens.RefreshToken, (long)(tokens.ExpiresAt - tokens.CreatedAt).TotalSeconds,
            tokens.CreatedAt.ToUnixTimeSeconds(), "public");
        Assert.True(await Get<TraktTokenStore>().SaveLinkAsync(member.Id, token, TraktTokens.OutOfBandRedirect, new TraktAccount(user.Username, user.Slug, user.Uuid, user.Vip)));
        return tokens;
    }

    /// <summary>Follows the app's redirect to Trakt's authorize page and Trakt's redirect back, as the browser does.</summary>
    public async Task<Forms.Page> LinkByRedirectAsync(HttpClient member)
    {
        var login = await member.GetAsync("/auth/trakt/login");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var callback = await AuthorizeAtTraktAsync(login.Headers.Location!);
        return await FinishAsync(member, callback);
    }

    /// <summary>What Trakt's authorize page answers (the signed-in Trakt user approving or denying): the callback URL.</summary>
    public static async Task<Uri> AuthorizeAtTraktAsync(Uri authorizeUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0");
        var answer = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return answer.Headers.Location!;
    }

    /// <summary>Opens the callback in the member's browser and follows the app's redirect to the Trakt page.</summary>
    public static async Task<Forms.Page> FinishAsync(HttpClient member, Uri callback)
    {
        var back = await member.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/Trakt", back.Headers.Location!.OriginalString);
        return await member.GetPageAsync("/Trakt");
    }

    public async ValueTask DisposeAsync()
    {
        App.Dispose();
        if (ownsFake) await Fake.DisposeAsync();
    }
}
