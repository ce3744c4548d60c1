using System.Net;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Household;

/// <summary>Strangers' wrong PINs lock the profile for unknown devices only: a device that signed in before still gets in.</summary>
public sealed class KnownDeviceTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    private async Task LockOutUnknownDevicesAsync(Member member)
    {
        var stranger = app.NewClient();
        Forms.Page last = null!;
        for (var i = 0; i < PinSignIn.AttemptsBeforeLock; i++) last = await stranger.SignInAsync(member, "0000");
        Assert.Contains("profile is locked", last.Text);
    }

    [Fact]
    public async Task A_known_device_signs_in_while_the_profile_is_locked_for_unknown_devices()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var phone = await app.SignedInClientAsync(erik, "4821");
        var signOutPage = await phone.GetPageAsync("/Account");
        await phone.SubmitAsync(signOutPage, signOutPage.Form("main form[action*='handler=SignOut']"));

        await LockOutUnknownDevicesAsync(erik);

        // The stranger stays locked out, even with the right PIN...
        Assert.Contains("profile is locked", (await app.NewClient().SignInAsync(erik, "4821")).Text);
        // ...while Erik's phone is not shown the lock and signs in.
        var pinPage = await phone.GetPageAsync($"/SignIn/{erik.Id}");
        Assert.DoesNotContain("profile is locked", pinPage.Text);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.SignInAsync(erik, "4821")).Status);
        Assert.Contains("Hi, Erik!", (await phone.GetPageAsync("/")).Text);
    }

    [Fact]
    public async Task A_known_device_has_its_own_small_count_and_is_then_forgotten()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var phone = await app.SignedInClientAsync(erik, "4821");
        await LockOutUnknownDevicesAsync(erik);

        var wrong = await phone.SignInAsync(erik, "1111");
        Assert.Contains($"{KnownDevices.WrongPinsBeforeForgotten - 1} attempts left on this device", wrong.Text);
        for (var i = 1; i < KnownDevices.WrongPinsBeforeForgotten; i++) wrong = await phone.SignInAsync(erik, "1111");
        Assert.Contains("no longer remembered", wrong.Text);
        // Now it is a stranger like any other: the profile's lock holds it too.
        Assert.Contains("profile is locked", (await phone.SignInAsync(erik, "4821")).Text);
    }

    [Fact]
    public async Task A_device_cookie_for_one_profile_does_not_open_another()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1357");
        var response = await app.NewClient().SignInAsync(erik, "4821");
        var erikDevice = response.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(KnownDevices.CookieName(erik.Id) + "=")).Split(';')[0];
        await LockOutUnknownDevicesAsync(timea);

        var forged = app.NewClient();
        forged.DefaultRequestHeaders.Add("Cookie", erikDevice.Replace(KnownDevices.CookieName(erik.Id), KnownDevices.CookieName(timea.Id)));
        Assert.Contains("profile is locked", (await forged.SignInAsync(timea, "1357")).Text);
    }

    [Fact]
    public async Task The_member_is_told_how_many_wrong_pins_were_tried_since_their_last_sign_in()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var stranger = app.NewClient();
        for (var i = 0; i < 3; i++) await stranger.SignInAsync(erik, "0000");

        var client = await app.SignedInClientAsync(erik, "4821");
        Assert.Contains("3 wrong PINs were tried on your profile since you last signed in.", (await client.GetPageAsync("/")).Text);
        // Told once; the next sign-in starts from zero.
        Assert.DoesNotContain("wrong PIN", (await client.GetPageAsync("/")).Text);
        var again = await app.SignedInClientAsync(erik, "4821");
        Assert.DoesNotContain("wrong PIN", (await again.GetPageAsync("/")).Text);
    }
}
