using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Infrastructure;

public static class Sessions
{
    /// <summary>A client with its own cookie jar that does not follow redirects.</summary>
    /// <param name="https">Requests arrive as https (as through a TLS proxy): needed to keep the Secure cookies an https MOVIENIGHT_PUBLIC_URL sets.</param>
    public static HttpClient NewClient(this MovieNightApp app, bool https = false) =>
        app.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
        });

    /// <summary>Signs in through the real PIN form; returns the response to the form post.</summary>
    public static async Task<Forms.Page> SignInAsync(this HttpClient client, Member member, string pin)
    {
        var page = await client.GetPageAsync($"/SignIn/{member.Id}");
        return await client.SubmitAsync(page, page.Form("form[data-pin-pad]"), new Dictionary<string, string> { ["Pin"] = pin });
    }

    public static async Task<HttpClient> SignedInClientAsync(this MovieNightApp app, Member member, string pin = "1234", bool https = false)
    {
        var client = app.NewClient(https);
        var response = await client.SignInAsync(member, pin);
        Assert.Equal(HttpStatusCode.Redirect, response.Status);
        return client;
    }
}
