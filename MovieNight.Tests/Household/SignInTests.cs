using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Household;

public sealed class SignInTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Empty_household_sends_everyone_to_setup()
    {
        var client = app.NewClient();
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Setup", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Setup_creates_the_first_member_as_admin_and_signs_them_in()
    {
        var client = app.NewClient();
        var setup = await client.GetPageAsync("/Setup");
        var done = await client.SubmitAsync(setup, setup.Form(), new Dictionary<string, string>
        {
            ["Name"] = "Erik", ["CustomIcon"] = "👨‍💼", ["Pin"] = "4821", ["ConfirmPin"] = "4821",
        });
        Assert.Equal(HttpStatusCode.Redirect, done.Status);

        var home = await client.GetPageAsync("/");
        Assert.Contains("Hi, Erik!", home.Text);
        var erik = Assert.Single(await app.Members.ListAsync(includeInactive: true));
        Assert.True(erik.IsAdmin);
        Assert.Equal("👨‍💼", erik.Icon);
        // The PIN is stored hashed, never as typed.
        await using var connection = app.Db.OpenConnection();
        Assert.DoesNotContain("4821", await connection.ExecuteScalarAsync<string>("SELECT pin FROM users"));
    }

    [Fact]
    public async Task Setup_is_closed_once_the_household_has_members()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var client = app.NewClient();
        var response = await client.GetAsync("/Setup");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single(await app.Members.ListAsync(includeInactive: true));
    }

    [Fact]
    public async Task Setup_with_mismatched_pins_explains_and_creates_nobody()
    {
        var client = app.NewClient();
        var setup = await client.GetPageAsync("/Setup");
        var again = await client.SubmitAsync(setup, setup.Form(), new Dictionary<string, string>
        {
            ["Name"] = "Erik", ["Pin"] = "4821", ["ConfirmPin"] = "4822",
        });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("The two PINs differ", again.Text);
        Assert.False(await app.Members.AnyAsync());
    }

    [Fact]
    public async Task Profile_picker_shows_active_members_html_encoded()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        await app.CreateMemberAsync("<b>Jázmin</b> \"J\"", icon: "🇭🇺");
        var gone = await app.CreateMemberAsync("Old friend");
        await app.Members.SetActiveAsync(gone.Id, false);

        var picker = await app.NewClient().GetPageAsync("/");
        var names = picker.Document.QuerySelectorAll(".tile-name").Select(n => n.TextContent).ToList();
        Assert.Equal(["Erik", "<b>Jázmin</b> \"J\""], names);
        Assert.Contains("🇭🇺", picker.Text);
        Assert.Empty(picker.Document.QuerySelectorAll(".tile-name b"));
    }

    [Fact]
    public async Task Right_pin_signs_in_with_a_persistent_30_day_cookie()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = app.NewClient();
        var response = await client.SignInAsync(erik, "4821");

        Assert.Equal(HttpStatusCode.Redirect, response.Status);
        var cookie = response.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("MovieNight.Session="));
        var expires = DateTimeOffset.Parse(cookie.Split("expires=")[1].Split(';')[0]);
        Assert.InRange(expires - app.Clock.GetUtcNow(), TimeSpan.FromDays(29), TimeSpan.FromDays(31));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hi, Erik!", (await client.GetPageAsync("/")).Text);
    }

    [Fact]
    public async Task Wrong_pin_says_how_many_attempts_are_left()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        var page = await app.NewClient().SignInAsync(erik, "1111");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Wrong PIN. 4 attempts left", page.Text);
    }

    [Fact]
    public async Task Pin_that_is_not_4_to_8_digits_is_refused_without_counting()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        var page = await app.NewClient().SignInAsync(erik, "12a");
        Assert.Contains("A PIN is 4 to 8 digits.", page.Text);
        await using var connection = app.Db.OpenConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT failed_pin_attempts FROM users"));
    }

    [Fact]
    public async Task Five_wrong_pins_lock_the_profile_for_a_minute_then_the_lock_doubles()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        var client = app.NewClient();
        for (var i = 0; i < 4; i++) await client.SignInAsync(erik, "0000");
        var locked = await client.SignInAsync(erik, "0000");
        Assert.Contains("Erik's profile is locked. Try again in 1 minute.", locked.Text);

        // Even the right PIN is refused while locked, and the page says so on arrival.
        var stillLocked = await client.SignInAsync(erik, "4821");
        Assert.Equal(HttpStatusCode.OK, stillLocked.Status);
        Assert.Contains("is locked", (await client.GetPageAsync($"/SignIn/{erik.Id}")).Text);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        for (var i = 0; i < 5; i++) locked = await client.SignInAsync(erik, "0000");
        Assert.Contains("Try again in 2 minutes.", locked.Text);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(erik, "4821")).Status);
    }

    [Fact]
    public void Lock_doubles_up_to_an_hour()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), MovieNight.Web.Household.PinSignIn.LockLength(1));
        Assert.Equal(TimeSpan.FromMinutes(32), MovieNight.Web.Household.PinSignIn.LockLength(6));
        Assert.Equal(TimeSpan.FromHours(1), MovieNight.Web.Household.PinSignIn.LockLength(7));
        Assert.Equal(TimeSpan.FromHours(1), MovieNight.Web.Household.PinSignIn.LockLength(500));
    }

    [Fact]
    public async Task Parallel_guesses_cannot_slip_a_right_pin_past_the_lock()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        var pins = app.Services.GetRequiredService<PinSignIn>();
        var guesses = Enumerable.Range(0, 12).Select(i => pins.CheckAsync(erik.Id, i == 11 ? "4821" : $"{1000 + i}")).ToList();
        await Task.WhenAll(guesses);
        // However the guesses interleaved, once five were wrong the profile is locked, for the right PIN too.
        Assert.IsType<PinCheck.LockedOut>(await pins.CheckAsync(erik.Id, "4821"));
        await using var connection = app.Db.OpenConnection();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT lockout_count FROM users WHERE id = @id", new { id = erik.Id }));
    }

    [Fact]
    public async Task Right_pin_after_a_lock_clears_the_doubling()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        var client = app.NewClient();
        for (var i = 0; i < 5; i++) await client.SignInAsync(erik, "0000");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await client.SignInAsync(erik, "4821");

        var other = app.NewClient();
        Forms.Page locked = null!;
        for (var i = 0; i < 5; i++) locked = await other.SignInAsync(erik, "0000");
        Assert.Contains("Try again in 1 minute.", locked.Text);
    }

    [Fact]
    public async Task Member_without_a_pin_chooses_one_at_first_sign_in_with_their_setup_code()
    {
        var niki = await app.CreateMemberAsync("Niki", pin: null);
        var code = (await app.Members.IssueSetupCodeAsync(niki.Id))!;
        var client = app.NewClient();
        var page = await client.GetPageAsync($"/SignIn/{niki.Id}");
        Assert.Contains("Choose a PIN, Niki", page.Text);

        var mismatch = await client.SubmitAsync(page, page.Form(), new Dictionary<string, string> { ["Code"] = code, ["Pin"] = "2468", ["ConfirmPin"] = "2469" });
        Assert.Contains("The two PINs differ", mismatch.Text);

        var done = await client.SubmitAsync(mismatch, mismatch.Form(), new Dictionary<string, string> { ["Code"] = code, ["Pin"] = "2468", ["ConfirmPin"] = "2468" });
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        Assert.Contains("Hi, Niki!", (await client.GetPageAsync("/")).Text);

        // From now on the PIN is asked for, and the choose form is closed.
        var fresh = app.NewClient();
        Assert.Contains("Enter your PIN", (await fresh.GetPageAsync($"/SignIn/{niki.Id}")).Text);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.SignInAsync(niki, "2468")).Status);
    }

    [Fact]
    public async Task Deactivated_member_cannot_sign_in_and_their_session_ends()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var client = await app.SignedInClientAsync(timea, "1357");

        await app.Members.SetActiveAsync(timea.Id, false);

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().GetAsync($"/SignIn/{timea.Id}")).StatusCode);
    }

    [Fact]
    public async Task Posting_a_pin_without_the_antiforgery_token_is_rejected()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821");
        var client = app.NewClient();
        var response = await client.PostAsync($"/SignIn/{erik.Id}", new FormUrlEncodedContent([new("Pin", "4821")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Pin_posts_are_rate_limited_per_client_with_a_clear_page()
    {
        using var limited = new MovieNightApp().With("PinRateLimit:PermitsPerMinute", "3");
        var erik = await limited.CreateMemberAsync("Erik", pin: "4821");
        var client = limited.NewClient();
        for (var i = 0; i < 3; i++) await client.SignInAsync(erik, "1111");
        var refused = await client.SignInAsync(erik, "4821");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("Too many attempts from this device", refused.Document.QuerySelector("main")!.TextContent);
        // Viewing the PIN page is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/SignIn/{erik.Id}")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_survives_an_app_restart()
    {
        var data = new TempDirectory();
        try
        {
            string cookie;
            using (var first = new MovieNightApp(data))
            {
                var erik = await first.CreateMemberAsync("Erik", pin: "4821", admin: true);
                var response = await first.NewClient().SignInAsync(erik, "4821");
                cookie = response.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("MovieNight.Session=")).Split(';')[0];
            }
            using var second = new MovieNightApp(data);
            var client = second.NewClient();
            client.DefaultRequestHeaders.Add("Cookie", cookie);
            Assert.Contains("Hi, Erik!", (await client.GetPageAsync("/")).Text);
        }
        finally
        {
            data.Dispose();
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        var account = await client.GetPageAsync("/Account");
        var signedOut = await client.SubmitAsync(account, account.Form("main form[action*='SignOut']"));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        Assert.Contains("Who's watching?", (await client.GetPageAsync("/")).Text);
    }
}
