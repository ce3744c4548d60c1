using System.Net;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Household;

public sealed class AccountTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Member_changes_their_own_icon()
    {
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var client = await app.SignedInClientAsync(timea, "1357");
        var page = await client.GetPageAsync("/Account");
        var saved = await client.SubmitAsync(page, page.Form("form[action*='handler=Icon']"), new Dictionary<string, string> { ["Icon"] = "🦊" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("🦊", (await app.Members.FindAsync(timea.Id))!.Icon);
        Assert.Contains("Your icon is saved.", (await client.GetPageAsync("/Account?saved=icon")).Text);
    }

    [Fact]
    public async Task Member_changes_their_pin_and_stays_signed_in_while_other_sessions_end()
    {
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var phone = await app.SignedInClientAsync(timea, "1357");
        var laptop = await app.SignedInClientAsync(timea, "1357");

        var page = await laptop.GetPageAsync("/Account");
        var wrong = await laptop.SubmitAsync(page, page.Form("form[action*='handler=Pin']"), new Dictionary<string, string>
        {
            ["CurrentPin"] = "0000", ["NewPin"] = "8642", ["ConfirmPin"] = "8642",
        });
        Assert.Contains("Your current PIN is not right", wrong.Text);

        var changed = await laptop.SubmitAsync(page, page.Form("form[action*='handler=Pin']"), new Dictionary<string, string>
        {
            ["CurrentPin"] = "1357", ["NewPin"] = "8642", ["ConfirmPin"] = "8642",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.Status);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/Account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/Account")).StatusCode);
        await app.SignedInClientAsync(timea, "8642");
    }

    [Fact]
    public async Task Account_page_needs_a_signed_in_member()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var response = await app.NewClient().GetAsync("/Account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
