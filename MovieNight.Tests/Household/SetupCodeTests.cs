using System.Net;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Household;

/// <summary>A profile without a PIN is no longer claimed by whoever opens it first: choosing a PIN takes the admin's setup code.</summary>
public sealed class SetupCodeTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    private static Dictionary<string, string> Choose(string code, string pin = "2468") =>
        new() { ["Code"] = code, ["Pin"] = pin, ["ConfirmPin"] = pin };

    /// <summary>The admin adds a member without a PIN through the real form; the answer shows the code once.</summary>
    private async Task<(Member Member, Forms.Page Page, string Code)> AddWithoutPinAsync(HttpClient admin, string name)
    {
        var page = await admin.GetPageAsync("/Admin/Members");
        var added = await admin.SubmitAsync(page, page.Form("form[action*='handler=Add']"), new Dictionary<string, string> { ["Name"] = name });
        Assert.Equal(HttpStatusCode.OK, added.Status);
        var code = added.Document.QuerySelector("[data-setup-code] [data-code]")!.TextContent.Trim();
        var member = (await app.Members.ListAsync(false)).Single(m => m.Name == name);
        return (member, added, code);
    }

    [Fact]
    public async Task Claiming_a_profile_without_a_pin_needs_its_setup_code()
    {
        await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki", pin: null);
        await app.Members.IssueSetupCodeAsync(niki.Id);
        var stranger = app.NewClient();
        var page = await stranger.GetPageAsync($"/SignIn/{niki.Id}");
        Assert.Contains("Choose a PIN, Niki", page.Text);

        var withoutCode = await stranger.SubmitAsync(page, page.Form("form[action*='handler=Choose']"), Choose(""));
        Assert.Equal(HttpStatusCode.OK, withoutCode.Status);
        var wrongCode = await stranger.SubmitAsync(page, page.Form("form[action*='handler=Choose']"), Choose("ABCD-EFGH"));
        Assert.Equal(HttpStatusCode.OK, wrongCode.Status);
        Assert.Contains("That setup code is not right", wrongCode.Text);
        Assert.False((await app.Members.FindAsync(niki.Id))!.HasPin);
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync("/Account")).StatusCode);
    }

    [Fact]
    public async Task Admin_adds_a_member_without_a_pin_and_gets_a_one_time_code_with_a_qr_code()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");
        var (niki, added, code) = await AddWithoutPinAsync(admin, "Niki");

        Assert.Matches("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", code);
        Assert.StartsWith("data:image/png;base64,", added.Document.QuerySelector("img.setup-code-qr")!.GetAttribute("src"));
        Assert.Contains($"/SignIn/{niki.Id}?code={code}", added.Document.QuerySelector(".setup-code-link")!.TextContent);
        Assert.Contains("no-store", added.Response.Headers.CacheControl!.ToString());
        // Shown once: the members page does not show it again, and the database holds only a hash.
        Assert.DoesNotContain(code, (await admin.GetPageAsync("/Admin/Members")).Text);
        await using (var connection = app.Db.OpenConnection())
        {
            var stored = await connection.QuerySingleAsync<string>("SELECT code_hash FROM setup_codes WHERE user_id = @Id", niki);
            Assert.DoesNotContain(SetupCodes.Normalize(code), stored);
        }

        // The QR code's link fills the code in; typed in lower case without the dash works too.
        var member = app.NewClient();
        var signIn = await member.GetPageAsync($"/SignIn/{niki.Id}?code={code}");
        Assert.Equal(code, signIn.Document.QuerySelector("#code")!.GetAttribute("value"));
        var chosen = await member.SubmitAsync(signIn, signIn.Form("form[action*='handler=Choose']"), Choose(code.Replace("-", "").ToLowerInvariant()));
        Assert.Equal(HttpStatusCode.Redirect, chosen.Status);
        Assert.Contains("Hi, Niki!", (await member.GetPageAsync("/")).Text);
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().SignInAsync(niki, "2468")).Status);
    }

    [Fact]
    public async Task A_setup_code_works_once()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");
        var (niki, _, code) = await AddWithoutPinAsync(admin, "Niki");
        var first = app.NewClient();
        var page = await first.GetPageAsync($"/SignIn/{niki.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync(page, page.Form("form[action*='handler=Choose']"), Choose(code))).Status);

        // The PIN is set now, so the choose form is closed; reset to no PIN, the old code is spent too.
        await app.Members.SetPinAsync(niki.Id, null);
        var second = app.NewClient();
        page = await second.GetPageAsync($"/SignIn/{niki.Id}");
        var again = await second.SubmitAsync(page, page.Form("form[action*='handler=Choose']"), Choose(code, "1357"));
        Assert.Contains("That setup code is not right", again.Text);
        Assert.False((await app.Members.FindAsync(niki.Id))!.HasPin);
    }

    [Fact]
    public async Task A_setup_code_expires_after_24_hours_and_the_admin_can_make_a_new_one()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");
        var (niki, _, code) = await AddWithoutPinAsync(admin, "Niki");
        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        var member = app.NewClient();
        var page = await member.GetPageAsync($"/SignIn/{niki.Id}");
        var expired = await member.SubmitAsync(page, page.Form("form[action*='handler=Choose']"), Choose(code));
        Assert.Contains("That setup code is not right, or it was used or has expired", expired.Text);

        admin = await app.SignedInClientAsync(erik, "4821");
        var members = await admin.GetPageAsync("/Admin/Members");
        var fresh = await admin.SubmitAsync(members, members.Form($"#member-{niki.Id} form[action*='handler=SetupCode']"));
        var newCode = fresh.Document.QuerySelector("[data-setup-code] [data-code]")!.TextContent.Trim();
        Assert.NotEqual(code, newCode);
        page = await member.GetPageAsync($"/SignIn/{niki.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync(page, page.Form("form[action*='handler=Choose']"), Choose(newCode))).Status);
    }

    [Fact]
    public async Task Clearing_a_pin_shows_a_setup_code_instead_of_opening_the_profile()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var admin = await app.SignedInClientAsync(erik, "4821");
        var edit = await admin.GetPageAsync($"/Admin/Members/Edit/{timea.Id}");
        var reset = await admin.SubmitAsync(edit, edit.Form("form[action*='handler=ResetPin']"));
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        var code = reset.Document.QuerySelector("[data-setup-code] [data-code]")!.TextContent.Trim();

        var stranger = app.NewClient();
        var page = await stranger.GetPageAsync($"/SignIn/{timea.Id}");
        Assert.Equal(HttpStatusCode.OK, (await stranger.SubmitAsync(page, page.Form("form[action*='handler=Choose']"), Choose("ZZZZ-ZZZZ"))).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.SubmitAsync(page, page.Form("form[action*='handler=Choose']"), Choose(code))).Status);
    }

    [Fact]
    public async Task A_no_pin_profile_signs_in_with_a_tap_is_marked_on_the_picker_and_cannot_be_admin()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync("/Admin/Members");
        var added = await admin.SubmitAsync(page, page.Form("form[action*='handler=Add']"),
            new Dictionary<string, string> { ["Name"] = "Bence", ["NoPin"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        var bence = (await app.Members.ListAsync(false)).Single(m => m.Name == "Bence");
        Assert.True(bence.NoPin);

        var picker = await app.NewClient().GetPageAsync("/");
        var tile = picker.Document.QuerySelectorAll(".tile").Single(t => t.TextContent.Contains("Bence"));
        Assert.Contains("no PIN", tile.TextContent);

        var child = app.NewClient();
        var signIn = await child.GetPageAsync($"/SignIn/{bence.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await child.SubmitAsync(signIn, signIn.Form("form[action*='handler=Tap']"))).Status);
        Assert.Contains("Hi, Bence!", (await child.GetPageAsync("/")).Text);

        // Neither through the admin toggle (forged, since the page offers none) nor the other way round.
        var token = page.Document.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var makeAdmin = new HttpRequestMessage(HttpMethod.Post, $"/Admin/Members?handler=Admin&id={bence.Id}&admin=true")
            { Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]) };
        var refused = await admin.SendAsync(makeAdmin);
        Assert.Contains("cannot be admin", await refused.Content.ReadAsStringAsync());
        Assert.False((await app.Members.FindAsync(bence.Id))!.IsAdmin);

        var edit = await admin.GetPageAsync($"/Admin/Members/Edit/{erik.Id}");
        Assert.Contains("An admin always signs in with a PIN.", edit.Text);
        Assert.False(await app.Members.SetNoPinAsync(erik.Id, true));
    }

    [Fact]
    public async Task After_an_import_whose_admin_had_no_pin_the_setup_page_sets_it_once()
    {
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(data.File("data.json"), """{"users": {"Erik": {"icon": "🎬", "pin": null}, "Niki": {"icon": "🦄"}}}""");
        using var imported = new MovieNightApp(data);
        var erik = (await imported.Members.ListAsync(false)).Single(m => m.Name == "Erik");
        Assert.True(erik.IsAdmin);
        Assert.False(erik.HasPin);

        // Trust on first use, like an empty household: the first visitor is sent to set the admin's PIN.
        var first = imported.NewClient();
        Assert.Equal("/Setup", (await first.GetAsync("/")).Headers.Location!.OriginalString);
        var setup = await first.GetPageAsync("/Setup");
        Assert.Contains("Erik", setup.Text);
        var done = await first.SubmitAsync(setup, setup.Form(), new Dictionary<string, string> { ["Pin"] = "4821", ["ConfirmPin"] = "4821" });
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        Assert.Contains("Hi, Erik!", (await first.GetPageAsync("/")).Text);

        // Then it is closed: nobody else sets it again, and Niki still needs a setup code.
        var second = imported.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/Setup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await second.SignInAsync(erik, "4821")).Status);
    }

    [Fact]
    public async Task The_cli_import_prints_a_setup_code_for_each_member_without_a_pin()
    {
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(data.File("data.json"), """{"users": {"Erik": {"icon": "🎬", "pin": null}, "Niki": {"icon": "🦄"}}}""");
        var output = new StringWriter();
        var exit = Cli.Run(["import-json", data.File("data.json"), "--db", data.File("movienight.db")], output, new StringWriter(), app.Clock, "UTC");
        Assert.Equal(0, exit);
        var line = output.ToString().Split('\n').Single(l => l.TrimStart().StartsWith("Niki:"));
        var code = line.Split(':')[1].Trim();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        Assert.Contains(output.ToString().Split('\n'), l => l.TrimStart().StartsWith("Erik:"));

        // Whoever ran the import holds the admin's code: the setup page does not open for strangers.
        using var imported = new MovieNightApp(data);
        Assert.Equal(HttpStatusCode.Redirect, (await imported.NewClient().GetAsync("/Setup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await imported.NewClient().GetAsync("/")).StatusCode);
        var niki = (await imported.Members.ListAsync(false)).Single(m => m.Name == "Niki");
        var client = imported.NewClient();
        var page = await client.GetPageAsync($"/SignIn/{niki.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(page, page.Form("form[action*='handler=Choose']"), Choose(code))).Status);
    }
}
