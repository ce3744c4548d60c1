using System.Net;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Household;

public sealed class AdminMembersTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Admin_adds_a_member_who_then_signs_in()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync("/Admin/Members");
        var added = await admin.SubmitAsync(page, page.Form("form[action*='handler=Add']"), new Dictionary<string, string>
        {
            ["Name"] = "Jázmin", ["Icon"] = "👧", ["Pin"] = "2468",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        Assert.Contains("Jázmin was added", (await admin.GetPageAsync(added.Response.Headers.Location!.OriginalString)).Text);

        var jazmin = (await app.Members.ListAsync(false)).Single(m => m.Name == "Jázmin");
        Assert.Equal("👧", jazmin.Icon);
        Assert.False(jazmin.IsAdmin);
        var client = await app.SignedInClientAsync(jazmin, "2468");
        Assert.Contains("Hi, Jázmin!", (await client.GetPageAsync("/")).Text);
    }

    [Fact]
    public async Task Adding_a_member_with_a_taken_name_explains_and_adds_nobody()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync("/Admin/Members");
        var again = await admin.SubmitAsync(page, page.Form("form[action*='handler=Add']"), new Dictionary<string, string> { ["Name"] = " erik " });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("There is already a member called erik.", again.Text);
        Assert.Single(await app.Members.ListAsync(true));
    }

    [Fact]
    public async Task Admin_pages_refuse_other_members_with_a_403_page()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var client = await app.SignedInClientAsync(timea, "1357");

        var page = await client.GetPageAsync("/Admin/Members");
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("This page is for the household's admins", page.Text);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/Admin/Members/Edit/{timea.Id}")).StatusCode);
    }

    [Fact]
    public async Task Admin_pages_send_strangers_to_the_profile_picker()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var response = await app.NewClient().GetAsync("/Admin/Members");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/?ReturnUrl=", response.Headers.Location!.ToString()); // never built on the Host header
    }

    [Fact]
    public async Task The_last_admin_can_neither_lose_admin_nor_be_deactivated()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync("/Admin/Members");

        var refused = await admin.SubmitAsync(page, page.Form($"#member-{erik.Id} form[action*='handler=Admin']"));
        Assert.Contains("The household needs an admin", refused.Text);
        refused = await admin.SubmitAsync(page, page.Form($"#member-{erik.Id} form[action*='handler=Active']"));
        Assert.Contains("The household needs an active admin", refused.Text);

        var stillErik = await app.Members.FindAsync(erik.Id);
        Assert.True(stillErik!.IsAdmin);
        Assert.True(stillErik.IsActive);
    }

    [Fact]
    public async Task Granting_admin_then_stepping_down_works_and_takes_effect_at_once()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var timeaClient = await app.SignedInClientAsync(timea, "1357");
        Assert.Equal(HttpStatusCode.Forbidden, (await timeaClient.GetAsync("/Admin/Members")).StatusCode);

        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync("/Admin/Members");
        await admin.SubmitAsync(page, page.Form($"#member-{timea.Id} form[action*='handler=Admin']"));
        // Timea's existing session sees her new rights without signing in again.
        Assert.Equal(HttpStatusCode.OK, (await timeaClient.GetAsync("/Admin/Members")).StatusCode);

        page = await admin.GetPageAsync("/Admin/Members");
        await admin.SubmitAsync(page, page.Form($"#member-{erik.Id} form[action*='handler=Admin']"));
        Assert.False((await app.Members.FindAsync(erik.Id))!.IsAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/Admin/Members")).StatusCode);
    }

    [Fact]
    public async Task Htmx_toggle_swaps_the_row_and_needs_the_antiforgery_token()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki");
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync("/Admin/Members");
        var token = page.Document.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var url = page.Document.QuerySelector($"#member-{niki.Id} form[action*='handler=Active']")!.GetAttribute("hx-post")!;

        var noToken = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([]) };
        noToken.Headers.Add("HX-Request", "true");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(noToken)).StatusCode);
        Assert.True((await app.Members.FindAsync(niki.Id))!.IsActive);

        var withToken = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([]) };
        withToken.Headers.Add("HX-Request", "true");
        withToken.Headers.Add("RequestVerificationToken", token);
        var response = await admin.SendAsync(withToken);
        var fragment = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("<li id=\"member-" + niki.Id + "\"", fragment.Trim());
        Assert.Contains("Reactivate", fragment);
        Assert.DoesNotContain("<html", fragment);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.False((await app.Members.FindAsync(niki.Id))!.IsActive);
    }

    [Fact]
    public async Task Admin_edits_name_and_icon()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki");
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync($"/Admin/Members/Edit/{niki.Id}");
        var saved = await admin.SubmitAsync(page, page.Form(), new Dictionary<string, string> { ["Name"] = "Nikoletta", ["CustomIcon"] = "🏳️‍🌈" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var after = (await app.Members.FindAsync(niki.Id))!;
        Assert.Equal(("Nikoletta", "🏳️‍🌈"), (after.Name, after.Icon));

        page = await admin.GetPageAsync($"/Admin/Members/Edit/{niki.Id}");
        var invalid = await admin.SubmitAsync(page, page.Form(), new Dictionary<string, string> { ["Name"] = "", ["CustomIcon"] = "not an icon" });
        Assert.Equal(HttpStatusCode.OK, invalid.Status);
        Assert.Contains("Enter a name.", invalid.Text);
        Assert.Contains("An icon is a single emoji.", invalid.Text);
        Assert.Equal("Nikoletta", (await app.Members.FindAsync(niki.Id))!.Name);
    }

    [Fact]
    public async Task Resetting_a_pin_signs_the_member_out_and_gives_them_a_setup_code()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var timeaClient = await app.SignedInClientAsync(timea, "1357");

        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync($"/Admin/Members/Edit/{timea.Id}");
        var reset = await admin.SubmitAsync(page, page.Form("form[action*='handler=ResetPin']"));
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.NotNull(reset.Document.QuerySelector("[data-setup-code] [data-code]"));

        Assert.Equal(HttpStatusCode.Redirect, (await timeaClient.GetAsync("/Account")).StatusCode);
        Assert.Contains("Choose a PIN, Timea", (await app.NewClient().GetPageAsync($"/SignIn/{timea.Id}")).Text);
    }

    [Fact]
    public async Task Admin_can_set_a_new_pin_for_a_member()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync($"/Admin/Members/Edit/{timea.Id}");
        var bad = await admin.SubmitAsync(page, page.Form("form[action*='handler=ResetPin']"), new Dictionary<string, string> { ["NewPin"] = "12" });
        Assert.Contains("A PIN is 4 to 8 digits.", bad.Text);
        await admin.SubmitAsync(page, page.Form("form[action*='handler=ResetPin']"), new Dictionary<string, string> { ["NewPin"] = "97531" });
        await app.SignedInClientAsync(timea, "97531");
    }

    [Fact]
    public async Task Reactivated_member_can_sign_in_again()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki", pin: "1111");
        Assert.Equal(MemberChange.Done, await app.Members.SetActiveAsync(niki.Id, false));
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync("/Admin/Members");
        Assert.Contains("inactive", page.Document.QuerySelector($"#member-{niki.Id}")!.TextContent);
        await admin.SubmitAsync(page, page.Form($"#member-{niki.Id} form[action*='handler=Active']"));
        await app.SignedInClientAsync(niki, "1111");
    }

    [Fact]
    public async Task A_toggle_value_that_does_not_bind_is_refused_and_changes_nothing()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var niki = await app.CreateMemberAsync("Niki");
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync("/Admin/Members");
        var form = page.Form($"#member-{niki.Id} form[action*='handler=Active']");
        form.Action = form.Action.Replace("active=False", "active=banana");
        Assert.Contains("active=banana", form.Action);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SubmitAsync(page, form)).Status);
        form.Action = form.Action.Replace("&active=banana", "");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SubmitAsync(page, form)).Status);
        Assert.True((await app.Members.FindAsync(niki.Id))!.IsActive);

        var adminForm = page.Form($"#member-{niki.Id} form[action*='handler=Admin']");
        adminForm.Action = adminForm.Action.Replace("admin=True", "admin=yes please");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SubmitAsync(page, adminForm)).Status);
        Assert.False((await app.Members.FindAsync(niki.Id))!.IsAdmin);
    }

    [Fact]
    public async Task The_members_page_shows_no_banner_from_a_link()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var admin = await app.SignedInClientAsync(erik, "4821");
        var page = await admin.GetPageAsync("/Admin/Members?added=Your+account+is+compromised.+Call+555-0100");
        Assert.DoesNotContain("compromised", page.Text);
        Assert.Null(page.Document.QuerySelector(".alert-success"));
    }
}
