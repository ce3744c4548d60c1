using MovieNight.Migrations;
using MovieNight.Web.Trakt;

namespace MovieNight.Web.Household;

/// <summary>
/// A setup code as the admin sees it, once: the code to read aloud, and a QR code of a sign-in link
/// carrying it (a PNG data URI: the CSP forbids inline SVG styles). Never stored, never logged.
/// </summary>
public sealed record SetupCodeCard(Member Member, string Code, string Link, string QrCodeDataUri, DateTimeOffset ExpiresAt)
{
    public static SetupCodeCard Create(Member member, string code, HttpRequest request, TimeProvider time)
    {
        // MOVIENIGHT_PUBLIC_URL when set (behind a reverse proxy the request's Host is not to be trusted).
        var publicUrl = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["MOVIENIGHT_PUBLIC_URL"];
        var root = publicUrl is { Length: > 0 } ? publicUrl.Trim().TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
        var link = $"{root}/SignIn/{member.Id}?code={Uri.EscapeDataString(code)}";
        return new SetupCodeCard(member, code, link, ActivationQrCode.DataUri(link), time.GetUtcNow() + SetupCodes.Lifetime);
    }
}
