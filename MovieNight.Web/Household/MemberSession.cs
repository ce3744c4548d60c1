using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MovieNight.Web.Household;

/// <summary>The sign-in cookie: who the member is, kept honest against the database on every request.</summary>
public static class MemberSession
{
    public const string AdminPolicy = "Admin";
    public const string StampClaim = "movienight:stamp";
    public const string IconClaim = "movienight:icon";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public static ClaimsPrincipal Principal(Member member)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, member.Id.ToString()),
            new(ClaimTypes.Name, member.Name),
            new(IconClaim, member.Icon),
            new(StampClaim, member.SecurityStamp),
        };
        if (member.IsAdmin) claims.Add(new Claim(ClaimTypes.Role, AdminPolicy));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static Task SignInAsync(HttpContext context, Member member) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(member),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = null });

    public static long? MemberId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>
    /// Rejects cookies of deactivated members or of a PIN since reset; refreshes name, icon and
    /// admin rights so an admin's changes apply at once.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal || principal.MemberId() is not { } id)
        {
            context.RejectPrincipal();
            return;
        }
        var members = context.HttpContext.RequestServices.GetRequiredService<MemberStore>();
        var member = await members.FindAsync(id);
        if (member is null || !member.IsActive || member.SecurityStamp != principal.FindFirstValue(StampClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        var current = Principal(member);
        if (!SameClaims(principal, current))
        {
            context.ReplacePrincipal(current);
            context.ShouldRenew = true;
        }
    }

    private static bool SameClaims(ClaimsPrincipal a, ClaimsPrincipal b) =>
        a.Claims.Select(c => (c.Type, c.Value)).Order().SequenceEqual(b.Claims.Select(c => (c.Type, c.Value)).Order());
}
