using Microsoft.AspNetCore.Antiforgery;
using MovieNight.Web.Household;

namespace MovieNight.Web.AccessTokens;

/// <summary>
/// Who is calling an API endpoint: the browser's signed-in member (cookie), or a client sending a
/// member's personal access token as "Authorization: Bearer". Only cookie posts need the antiforgery
/// token: a bearer token is never sent by a browser on its own, so it cannot be forged across sites.
/// </summary>
public sealed record ApiCaller(Member Member, bool ByToken)
{
    public bool IsAdmin => Member.IsAdmin;

    /// <summary>The caller, or the refusal to send (401 for no or a bad token, 400 for a cookie post without its antiforgery token).</summary>
    public static async Task<(ApiCaller? Caller, IResult? Refusal)> IdentifyAsync(HttpContext http, bool isWrite)
    {
        var members = http.RequestServices.GetRequiredService<MemberStore>();
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var memberId = await http.RequestServices.GetRequiredService<AccessTokenStore>().MemberOfAsync(header["Bearer ".Length..].Trim());
            return memberId is { } id && await members.FindAsync(id) is { IsActive: true } member
                ? (new ApiCaller(member, true), null)
                : (null, Results.Json(new { error = "The access token is not valid (revoked, or not one of this household's)." }, statusCode: 401));
        }
        if (http.User.MemberId() is not { } me || await members.FindAsync(me) is not { } signedIn)
            return (null, Results.Json(new { error = "Sign in, or send a personal access token as Authorization: Bearer." }, statusCode: 401));
        if (isWrite && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            return (null, Results.BadRequest(new { error = "The request's antiforgery token is missing or invalid." }));
        return (new ApiCaller(signedIn, false), null);
    }
}
