using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace MovieNight.Tests.Fakes;

/// <summary>An access/refresh pair the fake issued (see <see cref="FakeTraktServer.IssueTokens"/>).</summary>
public sealed record FakeTraktTokens(string AccessToken, string RefreshToken, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

// auth.trakt.tv: authorization code with PKCE, refresh, revoke, device flow. Errors use Doorkeeper's words, as Trakt's.
public sealed partial class FakeTraktServer
{
    private const string InvalidGrantText = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";
    private const string InvalidClientText = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.";

    private readonly Dictionary<string, Grant> byAccess = new(StringComparer.Ordinal), byRefresh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizationCode> codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceCode> deviceCodes = new(StringComparer.Ordinal);
    private int refreshCount, reusedRefreshTokens;
    private volatile FakeTraktUser? signedInUser;
    private volatile string? lastAuthorizationCode, lastDeviceCode;

    /// <summary>Redirect URIs registered on the Trakt app; fill it before use. urn:ietf:wg:oauth:2.0:oob is always allowed.</summary>
    public ISet<string> RegisteredRedirectUris { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>expires_in of new access tokens; 7 days (Trakt's 2026 documented value).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Refresh tokens die after this (fake clock); null (default) = only when used or revoked.</summary>
    public TimeSpan? RefreshTokenLifetime { get; set; }

    /// <summary>Authorization codes expire after 10 minutes (fake clock).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Device codes' expires_in; 600 s.</summary>
    public TimeSpan DeviceCodeLifetime { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>Device codes' interval; 5 s. Polls closer than interval − 50 ms (real clock, every poll counts) get 429.</summary>
    public TimeSpan DeviceInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Trakt user whose browser session answers /oauth/authorize; null shows a sign-in page (200 HTML).</summary>
    public FakeTraktUser? SignedInUser { get => signedInUser; set => signedInUser = value; }

    /// <summary>The signed-in user presses "No": the redirect carries error=access_denied.</summary>
    public bool DenyAuthorization { get; set; }

    /// <summary>The code of the latest approved authorize request (oob shows it on a page).</summary>
    public string? LastAuthorizationCode => lastAuthorizationCode;

    /// <summary>user_code of the latest /oauth/device/code answer.</summary>
    public string? LastDeviceCode => lastDeviceCode;

    /// <summary>Accepted refreshes, all users.</summary>
    public int RefreshCount => Volatile.Read(ref refreshCount);

    /// <summary>Refresh attempts with a refresh token that had already been used (each answered invalid_grant).</summary>
    public int ReusedRefreshTokens => Volatile.Read(ref reusedRefreshTokens);

    /// <summary>A pair for <paramref name="user"/> without the OAuth dance (a member who linked earlier).</summary>
    public FakeTraktTokens IssueTokens(FakeTraktUser user)
    {
        lock (Gate)
        {
            var grant = Issue(user);
            return new FakeTraktTokens(grant.AccessToken, grant.RefreshToken, grant.CreatedAt, grant.ExpiresAt);
        }
    }

    /// <summary>The user revokes the app on trakt.tv: every token of theirs stops working.</summary>
    public void RevokeTokensOf(FakeTraktUser user)
    {
        lock (Gate)
            foreach (var grant in byAccess.Values.Where(g => g.User == user)) grant.Revoked = true;
    }

    /// <summary>The user enters <paramref name="userCode"/> on trakt.tv/activate and approves.</summary>
    public void ApproveDevice(string userCode, string username)
    {
        var user = FindUser(username) ?? throw new InvalidOperationException($"No Trakt user {username}");
        lock (Gate) FindDevice(userCode).ApprovedBy = user;
    }

    /// <summary>The user enters <paramref name="userCode"/> and presses "No".</summary>
    public void DenyDevice(string userCode)
    {
        lock (Gate) FindDevice(userCode).Denied = true;
    }

    private DeviceCode FindDevice(string userCode) =>
        deviceCodes.Values.FirstOrDefault(d => string.Equals(d.UserCode, userCode, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"No device code with user_code {userCode}");

    private async Task<IResult> AuthAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        if (path == "/oauth/authorize") return HttpMethods.IsGet(method) ? Authorize(context.Request.Query) : Results.StatusCode(405);
        if (path is not ("/oauth/token" or "/oauth/revoke" or "/oauth/device/code" or "/oauth/device/token"))
            return Results.StatusCode(404); // the API lives on the API host only
        if (!HttpMethods.IsPost(method)) return Results.StatusCode(405);
        if (await ReadParametersAsync(context.Request) is not { } form)
            return OAuthError(400, "invalid_request", "The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.");
        var clientOk = form.GetValueOrDefault("client_id") == ClientId;
        if (path == "/oauth/device/code")
        {
            if (!clientOk) return OAuthError(401, "invalid_client", InvalidClientText);
            return DeviceCodeRequest();
        }
        if (!clientOk || form.GetValueOrDefault("client_secret") != ClientSecret) return OAuthError(401, "invalid_client", InvalidClientText);
        lock (Gate)
        {
            return path switch
            {
                "/oauth/token" => Token(form),
                "/oauth/revoke" => Revoke(form),
                _ => DeviceToken(form),
            };
        }
    }

    private IResult Authorize(IQueryCollection query)
    {
        if (query["client_id"] != ClientId)
            return ErrorPage("Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
        var redirectUri = query["redirect_uri"].ToString();
        var oob = redirectUri == OutOfBandRedirectUri;
        bool registered;
        lock (Gate) registered = RegisteredRedirectUris.Contains(redirectUri);
        if (!oob && !registered) return ErrorPage("The redirect uri included is not valid.");
        var state = query["state"].ToString();
        if (query["response_type"] != "code")
            return RedirectBack(redirectUri, state, ("error", "unsupported_response_type"), ("error_description", "The authorization server does not support this response type."));
        var challenge = query["code_challenge"].ToString();
        var challengeMethod = query["code_challenge_method"].ToString() is { Length: > 0 } m ? m : "plain";
        if (challenge.Length > 0 && challengeMethod is not ("S256" or "plain"))
            return RedirectBack(redirectUri, state, ("error", "invalid_request"), ("error_description", "Code challenge method is not supported."));
        if (SignedInUser is not { } user)
            return Results.Content("<!DOCTYPE html><html><head><title>Sign In | Trakt</title></head><body><form action=\"/auth/signin\" method=\"post\">"
                + "<input name=\"user[login]\"><input type=\"password\" name=\"user[password]\"><button>Sign In</button></form></body></html>", "text/html; charset=utf-8");
        if (DenyAuthorization)
            return RedirectBack(redirectUri, state, ("error", "access_denied"), ("error_description", "The resource owner or authorization server denied the request."));

        var code = RandomNumberGenerator.GetHexString(64, lowercase: true);
        lock (Gate)
            codes[code] = new AuthorizationCode(user, redirectUri, challenge.Length > 0 ? challenge : null, challengeMethod,
                Time.GetUtcNow() + AuthorizationCodeLifetime);
        lastAuthorizationCode = code;
        return oob
            ? Results.Content($"<!DOCTYPE html><html><head><title>Authorization Code | Trakt</title></head><body><p>Copy this code and paste it into the app.</p><code id=\"code\">{code}</code></body></html>",
                "text/html; charset=utf-8")
            : RedirectBack(redirectUri, state, ("code", code));
    }

    private static IResult RedirectBack(string redirectUri, string state, params (string Key, string Value)[] parameters)
    {
        var values = parameters.ToList();
        if (state.Length > 0) values.Add(("state", state));
        var url = redirectUri;
        foreach (var (key, value) in values) url = QueryHelpers.AddQueryString(url, key, value);
        return Results.Redirect(url);
    }

    private static IResult ErrorPage(string message) => Results.Content(
        $"<!DOCTYPE html><html><head><title>Trakt</title></head><body><main><h2>An error has occurred</h2><p>{WebUtility.HtmlEncode(message)}</p></main></body></html>",
        "text/html; charset=utf-8", statusCode: 400);

    private IResult Token(Dictionary<string, string> form)
    {
        switch (form.GetValueOrDefault("grant_type"))
        {
            case "authorization_code":
            {
                var value = form.GetValueOrDefault("code") ?? "";
                if (!codes.TryGetValue(value, out var code) || code.Used || Time.GetUtcNow() >= code.ExpiresAt
                    || form.GetValueOrDefault("redirect_uri") != code.RedirectUri || !VerifierMatches(code, form.GetValueOrDefault("code_verifier")))
                    return OAuthError(400, "invalid_grant", InvalidGrantText);
                code.Used = true;
                return TokenAnswer(Issue(code.User));
            }
            case "refresh_token":
            {
                var value = form.GetValueOrDefault("refresh_token") ?? "";
                if (!byRefresh.TryGetValue(value, out var grant)) return OAuthError(400, "invalid_grant", InvalidGrantText);
                if (grant.Refreshed)
                {
                    reusedRefreshTokens++;
                    return OAuthError(400, "invalid_grant", InvalidGrantText);
                }
                if (grant.Revoked || RefreshTokenLifetime is { } lifetime && Time.GetUtcNow() >= grant.CreatedAt + lifetime)
                    return OAuthError(400, "invalid_grant", InvalidGrantText);
                grant.Refreshed = true; // the old refresh token and its access token die now
                refreshCount++;
                grant.User.RefreshCount++;
                return TokenAnswer(Issue(grant.User));
            }
            default:
                return OAuthError(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
        }
    }

    private static bool VerifierMatches(AuthorizationCode code, string? verifier)
    {
        if (code.Challenge is null) return true;
        if (string.IsNullOrEmpty(verifier)) return false;
        var expected = code.Method == "S256"
            ? Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_')
            : verifier;
        return expected == code.Challenge;
    }

    private IResult Revoke(Dictionary<string, string> form)
    {
        var token = form.GetValueOrDefault("token") ?? "";
        if (byAccess.TryGetValue(token, out var grant) || byRefresh.TryGetValue(token, out grant)) grant.Revoked = true;
        return Results.Json(new { }); // RFC 7009: 200 for unknown tokens too
    }

    private IResult DeviceCodeRequest()
    {
        var device = new DeviceCode(RandomNumberGenerator.GetHexString(64, lowercase: true),
            RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8),
            Time.GetUtcNow() + DeviceCodeLifetime, DeviceInterval);
        lock (Gate) deviceCodes[device.Code] = device;
        lastDeviceCode = device.UserCode;
        return Results.Json(new
        {
            device_code = device.Code, user_code = device.UserCode, verification_url = "https://trakt.tv/activate",
            expires_in = (long)DeviceCodeLifetime.TotalSeconds, interval = (long)Math.Max(1, device.Interval.TotalSeconds),
        });
    }

    private IResult DeviceToken(Dictionary<string, string> form)
    {
        if (!deviceCodes.TryGetValue(form.GetValueOrDefault("code") ?? "", out var device)) return Results.StatusCode(404);
        if (device.Used) return Results.StatusCode(409);
        if (Time.GetUtcNow() >= device.ExpiresAt) return Results.StatusCode(410);
        if (device.Denied) return Results.StatusCode(418);
        var now = Stopwatch.GetTimestamp();
        var previous = device.LastPoll;
        device.LastPoll = now;
        if (previous is { } last && Stopwatch.GetElapsedTime(last, now) < device.Interval - TimeSpan.FromMilliseconds(50))
            return Results.StatusCode(429);
        if (device.ApprovedBy is not { } user) return Results.StatusCode(400);
        device.Used = true;
        return TokenAnswer(Issue(user));
    }

    private Grant Issue(FakeTraktUser user)
    {
        var now = Time.GetUtcNow();
        var createdAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var grant = new Grant(user, RandomNumberGenerator.GetHexString(64, lowercase: true), RandomNumberGenerator.GetHexString(64, lowercase: true),
            createdAt, createdAt + TokenLifetime);
        byAccess[grant.AccessToken] = grant;
        byRefresh[grant.RefreshToken] = grant;
        return grant;
    }

    private static IResult TokenAnswer(Grant grant) => Results.Json(new
    {
        access_token = grant.AccessToken,
        token_type = "bearer",
        expires_in = (long)(grant.ExpiresAt - grant.CreatedAt).TotalSeconds,
        refresh_token = grant.RefreshToken,
        scope = "public",
        created_at = grant.CreatedAt.ToUnixTimeSeconds(),
        fake_trakt_unknown_field = new { clients = "must ignore fields they do not know" },
    });

    /// <summary>The user behind a bearer token, or the 401 Trakt answers.</summary>
    private (FakeTraktUser? User, IResult? Problem) Authenticate(string? bearer)
    {
        if (string.IsNullOrEmpty(bearer)) return (null, InvalidToken("The access token is invalid"));
        lock (Gate)
        {
            if (!byAccess.TryGetValue(bearer, out var grant)) return (null, InvalidToken("The access token is invalid"));
            if (grant.Revoked || grant.Refreshed) return (null, InvalidToken("The access token was revoked"));
            if (Time.GetUtcNow() >= grant.ExpiresAt) return (null, InvalidToken("The access token expired"));
            return (grant.User, null);
        }
    }

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: status);

    /// <summary>JSON object (as documented) or form-urlencoded; null when neither parses.</summary>
    private static async Task<Dictionary<string, string>?> ReadParametersAsync(HttpRequest request)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (request.HasFormContentType)
            {
                foreach (var (key, value) in await request.ReadFormAsync(request.HttpContext.RequestAborted)) values[key] = value.ToString();
                return values;
            }
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var property in document.RootElement.EnumerateObject())
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            return values;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            return null;
        }
    }

    private sealed record Grant(FakeTraktUser User, string AccessToken, string RefreshToken, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
    {
        public bool Revoked { get; set; }
        public bool Refreshed { get; set; }
    }

    private sealed record AuthorizationCode(FakeTraktUser User, string RedirectUri, string? Challenge, string Method, DateTimeOffset ExpiresAt)
    {
        public bool Used { get; set; }
    }

    private sealed record DeviceCode(string Code, string UserCode, DateTimeOffset ExpiresAt, TimeSpan Interval)
    {
        public FakeTraktUser? ApprovedBy { get; set; }
        public bool Denied { get; set; }
        public bool Used { get; set; }
        public long? LastPoll { get; set; }
    }
}
