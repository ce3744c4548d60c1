using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MovieNight.Web.Household;

/// <summary>
/// The sign-in cookie: who the member is and which server-side session (see <see cref="MemberSessions"/>)
/// it belongs to, kept honest against the database on every request.
/// </summary>
public static class MemberSession
{
    public const string AdminPolicy = "Admin";
    public const string StampClaim = "movienight:stamp";
    public const string IconClaim = "movienight:icon";
    public const string SessionClaim = "movienight:session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public static ClaimsPrincipal Principal(Member member, string sessionId)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, member.Id.ToString()),
            new(ClaimTypes.Name, member.Name),
            new(IconClaim, member.Icon),
            new(StampClaim, member.SecurityStamp),
            new(SessionClaim, sessionId),
        };
        if (member.IsAdmin) claims.Add(new Claim(ClaimTypes.Role, AdminPolicy));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>Starts a new session for this device and signs it in; a session it had (another profile's) ends.</summary>
    public static async Task SignInAsync(HttpContext context, Member member)
    {
        var sessions = context.RequestServices.GetRequiredService<MemberSessions>();
        if (context.User.MemberId() is { } previousMember && context.User.SessionId() is { } previous)
            await sessions.EndAsync(previousMember, previous);
        var session = await sessions.StartAsync(member.Id, context.Request.Headers.UserAgent);
        await RenewAsync(context, member, session.Id);
    }

    /// <summary>A fresh cookie for the same session (after a PIN change gave the member a new stamp).</summary>
    public static Task RenewAsync(HttpContext context, Member member, string sessionId) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(member, sessionId),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = null });

    /// <summary>Ends this device's session on the server, not just its cookie.</summary>
    public static async Task SignOutAsync(HttpContext context)
    {
        if (context.User.MemberId() is { } memberId && context.User.SessionId() is { } sessionId)
            await context.RequestServices.GetRequiredService<MemberSessions>().EndAsync(memberId, sessionId);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static long? MemberId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);

    /// <summary>
    /// Rejects cookies whose session ended (signed out, here or from another device), of deactivated
    /// members or of a PIN since changed; refreshes name, icon and admin rights so an admin's changes
    /// apply at once. One cached session lookup per request.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal || principal.MemberId() is not { } id || principal.SessionId() is not { } sessionId)
        {
            await RejectAsync(context);
            return;
        }
        var sessions = context.HttpContext.RequestServices.GetRequiredService<MemberSessions>();
        var session = await sessions.FindAsync(sessionId);
        var member = await context.HttpContext.RequestServices.GetRequiredService<MemberStore>().FindAsync(id);
        if (session is null || session.MemberId != id || member is null || !member.IsActive
            || member.SecurityStamp != principal.FindFirstValue(StampClaim))
        {
            await RejectAsync(context);
            return;
        }
        await sessions.TouchAsync(session);
        var current = Principal(member, sessionId);
        if (!SameClaims(principal, current))
        {
            context.ReplacePrincipal(current);
            context.ShouldRenew = true;
        }
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static bool SameClaims(ClaimsPrincipal a, ClaimsPrincipal b) =>
        a.Claims.Select(c => (c.Type, c.Value)).Order().SequenceEqual(b.Claims.Select(c => (c.Type, c.Value)).Order());
}
