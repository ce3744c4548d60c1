using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Household;

/// <summary>Sessions end on the server: a copied cookie stops working when its session is signed out.</summary>
public sealed class SessionTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    private static string SessionCookie(Forms.Page signIn) =>
        signIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("MovieNight.Session=")).Split(';')[0];

    private HttpClient ClientWithCookie(string cookie)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [Fact]
    public async Task A_copied_cookie_is_refused_after_sign_out()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = app.NewClient();
        var cookie = SessionCookie(await client.SignInAsync(erik, "4821"));
        Assert.Contains("Hi, Erik!", (await ClientWithCookie(cookie).GetPageAsync("/")).Text);

        var account = await client.GetPageAsync("/Account");
        await client.SubmitAsync(account, account.Form("main form[action*='handler=SignOut']"));

        var copy = ClientWithCookie(cookie);
        Assert.Contains("Who's watching?", (await copy.GetPageAsync("/")).Text);
        Assert.Equal(HttpStatusCode.Redirect, (await copy.GetAsync("/Account")).StatusCode);
    }

    [Fact]
    public async Task My_profile_lists_signed_in_devices_and_signs_one_out()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var laptop = app.NewClient();
        laptop.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0");
        await laptop.SignInAsync(erik, "4821");
        var phone = app.NewClient();
        phone.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36");
        await phone.SignInAsync(erik, "4821");

        var account = await laptop.GetPageAsync("/Account");
        var devices = account.Document.QuerySelectorAll("[data-device]").Select(d => d.TextContent).ToList();
        Assert.Equal(2, devices.Count);
        Assert.Contains(devices, d => d.Contains("Firefox on Linux") && d.Contains("this device"));
        Assert.Contains(devices, d => d.Contains("Chrome on Android") && d.Contains("last seen just now"));

        var phoneRow = account.Document.QuerySelectorAll("[data-device]").Single(d => d.TextContent.Contains("Android"));
        var signedOut = await laptop.SubmitAsync(account, (AngleSharp.Html.Dom.IHtmlFormElement)phoneRow.QuerySelector("form")!);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/Account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/Account")).StatusCode);
        Assert.Single((await laptop.GetPageAsync("/Account")).Document.QuerySelectorAll("[data-device]"));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_the_member_only()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var laptop = await app.SignedInClientAsync(erik, "4821");
        var phone = await app.SignedInClientAsync(erik, "4821");
        var timeas = await app.SignedInClientAsync(timea, "1357");

        var account = await laptop.GetPageAsync("/Account");
        await laptop.SubmitAsync(account, account.Form("form[action*='handler=SignOutEverywhere']"));

        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/Account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/Account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await timeas.GetAsync("/Account")).StatusCode);
    }

    [Fact]
    public async Task A_member_cannot_end_another_members_session()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var timeas = await app.SignedInClientAsync(timea, "1357");
        var erikClient = await app.SignedInClientAsync(erik, "4821");
        var timeaSession = (await app.Services.GetRequiredService<MemberSessions>().ListAsync(timea.Id)).Single().Id;

        var account = await erikClient.GetPageAsync("/Account");
        await erikClient.SubmitAsync(account, account.Form("[data-device] form"), new Dictionary<string, string> { ["session"] = timeaSession });
        Assert.Equal(HttpStatusCode.OK, (await timeas.GetAsync("/Account")).StatusCode);
    }

    [Fact]
    public async Task Last_seen_is_written_at_most_every_few_minutes()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        async Task<string> LastSeenAsync()
        {
            await using var connection = app.Db.OpenConnection();
            return await connection.QuerySingleAsync<string>("SELECT last_seen_at FROM sessions WHERE user_id = @Id", erik);
        }
        var signedIn = await LastSeenAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await client.GetAsync("/Account");
        Assert.Equal(signedIn, await LastSeenAsync());

        app.Clock.Advance(MemberSessions.LastSeenEvery);
        await client.GetAsync("/Account");
        Assert.NotEqual(signedIn, await LastSeenAsync());
    }

    [Fact]
    public async Task A_pin_change_ends_the_other_sessions_at_once_despite_the_cache()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var laptop = await app.SignedInClientAsync(erik, "4821");
        var phone = await app.SignedInClientAsync(erik, "4821");
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/Account")).StatusCode); // now cached

        var account = await laptop.GetPageAsync("/Account");
        var changed = await laptop.SubmitAsync(account, account.Form("form[action*='handler=Pin']"),
            new Dictionary<string, string> { ["CurrentPin"] = "4821", ["NewPin"] = "9753", ["ConfirmPin"] = "9753" });
        Assert.Equal(HttpStatusCode.Redirect, changed.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/Account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/Account")).StatusCode);
        Assert.Single(await app.Services.GetRequiredService<MemberSessions>().ListAsync(erik.Id));
    }

    [Fact]
    public async Task Switching_profile_on_a_device_ends_the_session_it_had()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var tablet = app.NewClient();
        var erikCookie = SessionCookie(await tablet.SignInAsync(erik, "4821"));
        await tablet.SignInAsync(timea, "1357");

        Assert.Empty(await app.Services.GetRequiredService<MemberSessions>().ListAsync(erik.Id));
        Assert.Equal(HttpStatusCode.Redirect, (await ClientWithCookie(erikCookie).GetAsync("/Account")).StatusCode);
    }

    [Fact]
    public async Task A_no_pin_profile_cannot_give_itself_a_pin()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var bence = await app.CreateMemberAsync("Bence", pin: null);
        await app.Members.SetNoPinAsync(bence.Id, true);
        var child = app.NewClient();
        var signIn = await child.GetPageAsync($"/SignIn/{bence.Id}");
        await child.SubmitAsync(signIn, signIn.Form("form[action*='handler=Tap']"));
        var account = await child.GetPageAsync("/Account");
        Assert.Null(account.Document.QuerySelector("form[action*='handler=Pin']"));
        var icon = account.Form("form[action*='handler=Icon']");
        icon.Action = "/Account?handler=Pin";
        var refused = await child.SubmitAsync(account, icon, new Dictionary<string, string> { ["NewPin"] = "1111", ["ConfirmPin"] = "1111" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.True((await app.Members.FindAsync(bence.Id))!.NoPin);
    }

    [Fact]
    public async Task Signing_a_device_out_with_htmx_answers_an_empty_row_and_needs_the_antiforgery_token()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var laptop = await app.SignedInClientAsync(erik, "4821");
        var phone = await app.SignedInClientAsync(erik, "4821");
        var account = await laptop.GetPageAsync("/Account");
        var token = account.Document.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var phoneSession = (await app.Services.GetRequiredService<MemberSessions>().ListAsync(erik.Id))
            .Single(s => s.Id != account.Document.QuerySelectorAll("[data-device]").Single(d => d.TextContent.Contains("this device"))
                .QuerySelector("input[name=session]")!.GetAttribute("value")).Id;
        var url = account.Document.QuerySelector("[data-device] form")!.GetAttribute("hx-post")!;

        HttpRequestMessage Request(bool withToken)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([new("session", phoneSession)]) };
            request.Headers.Add("HX-Request", "true");
            if (withToken) request.Headers.Add("RequestVerificationToken", token);
            return request;
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await laptop.SendAsync(Request(withToken: false))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/Account")).StatusCode);

        var answer = await laptop.SendAsync(Request(withToken: true));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("", await answer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/Account")).StatusCode);
    }
}
