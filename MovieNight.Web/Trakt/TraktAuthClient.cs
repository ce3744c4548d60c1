using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MovieNight.Web.Trakt;

/// <summary>What a token request came to.</summary>
public sealed record TokenAnswer(TraktJson.Token? Token, TraktProblem? Problem)
{
    /// <summary>
    /// Trakt refused the code or refresh token itself (invalid_grant): the member links again. A refused
    /// app (invalid_client, a 403) is not the member's fault and leaves the link alone: once an admin
    /// fixes the credentials, the same refresh token still works, since Trakt never used it.
    /// </summary>
    public bool GrantRefused => Problem?.Kind is TraktProblemKind.RelinkNeeded;
}

/// <summary>What polling a device code came to (Trakt's status codes, named).</summary>
public enum DevicePoll { Linked, Pending, SlowDown, InvalidCode, AlreadyUsed, Expired, Denied, AppRefused, Failed }

/// <summary>
/// Trakt's OAuth host (auth.trakt.tv): code exchange, refresh, revoke and the device flow. No
/// automatic retries here: a token request that reached Trakt may have used a single-use code or
/// refresh token, so sending it again is the caller's decision. Requests are never cancelled by a
/// caller, only by their own timeout (see <see cref="TraktOptions.RefreshTimeout"/>).
/// </summary>
public sealed class TraktAuthClient(HttpClient http, ILogger<TraktAuthClient> logger)
{
    public Task<TokenAnswer> ExchangeCodeAsync(TraktApp app, string code, string redirectUri, string codeVerifier) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["code"] = code, ["client_id"] = app.ClientId, ["client_secret"] = app.ClientSecret, ["redirect_uri"] = redirectUri,
            ["grant_type"] = "authorization_code", ["code_verifier"] = codeVerifier,
        }, "oauth/token");

    public Task<TokenAnswer> RefreshAsync(TraktApp app, string refreshToken, string redirectUri) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["refresh_token"] = refreshToken, ["client_id"] = app.ClientId, ["client_secret"] = app.ClientSecret,
            ["redirect_uri"] = redirectUri, ["grant_type"] = "refresh_token",
        }, "oauth/token");

    /// <summary>Best effort: a revoke that fails leaves a token Trakt expires by itself.</summary>
    public async Task<bool> RevokeAsync(TraktApp app, string accessToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("oauth/revoke",
                new Dictionary<string, string> { ["token"] = accessToken, ["client_id"] = app.ClientId, ["client_secret"] = app.ClientSecret });
            if (!response.IsSuccessStatusCode) logger.LogWarning("Trakt answered a token revoke with {Status}", (int)response.StatusCode);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning("Trakt did not answer a token revoke: {Error}", e.GetType().Name);
            return false;
        }
    }

    public async Task<TraktResult<TraktJson.DeviceCodeGrant>> RequestDeviceCodeAsync(TraktApp app)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("oauth/device/code", new Dictionary<string, string> { ["client_id"] = app.ClientId });
            if (response.IsSuccessStatusCode && await ReadAsync<TraktJson.DeviceCodeGrant>(response) is { DeviceCode.Length: > 0 } code)
                return code;
            logger.LogWarning("Trakt answered a device code request with {Status}", (int)response.StatusCode);
            return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? TraktProblem.BadAppCredentials
                : response.StatusCode == HttpStatusCode.TooManyRequests ? TraktProblem.RateLimited(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(10))
                : TraktProblem.Unavailable;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            logger.LogWarning("Trakt did not answer a device code request: {Error}", e.GetType().Name);
            return TraktProblem.Unavailable;
        }
    }

    public async Task<(DevicePoll Status, TraktJson.Token? Token)> PollDeviceCodeAsync(TraktApp app, string deviceCode)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("oauth/device/token", new Dictionary<string, string>
            {
                ["code"] = deviceCode, ["client_id"] = app.ClientId, ["client_secret"] = app.ClientSecret,
            });
            return (int)response.StatusCode switch
            {
                200 when await ReadAsync<TraktJson.Token>(response) is { AccessToken.Length: > 0 } token => (DevicePoll.Linked, token),
                400 => (DevicePoll.Pending, null),
                404 => (DevicePoll.InvalidCode, null),
                409 => (DevicePoll.AlreadyUsed, null),
                410 => (DevicePoll.Expired, null),
                418 => (DevicePoll.Denied, null),
                401 or 403 when !IsHtml(response) => (DevicePoll.AppRefused, null),
                429 => (DevicePoll.SlowDown, null),
                _ => (DevicePoll.Failed, null),
            };
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            logger.LogWarning("Trakt did not answer a device code poll: {Error}", e.GetType().Name);
            return (DevicePoll.Failed, null);
        }
    }

    private async Task<TokenAnswer> TokenAsync(Dictionary<string, string> body, string path)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(path, body);
            if (response.IsSuccessStatusCode)
            {
                return await ReadAsync<TraktJson.Token>(response) is { AccessToken.Length: > 0, RefreshToken.Length: > 0 } token
                    ? new TokenAnswer(token, null)
                    : new TokenAnswer(null, TraktProblem.Unavailable);
            }
            var html = IsHtml(response);
            var error = html ? null : await ReadErrorAsync(response);
            logger.LogWarning("Trakt refused a {Grant} token request with {Status} {Error}", body["grant_type"], (int)response.StatusCode, error ?? "(no error code)");
            // Only an explicit invalid_grant says the code or refresh token is dead; an HTML page (Cloudflare)
            // or an answer without an error code says nothing about it.
            var problem = error switch
            {
                "invalid_grant" => TraktProblem.RelinkNeeded("Trakt no longer accepts this link (it was revoked, expired or used elsewhere). Link Trakt again."),
                "invalid_client" or "unauthorized_client" => TraktProblem.BadAppCredentials,
                _ when response.StatusCode == HttpStatusCode.TooManyRequests => TraktProblem.RateLimited(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(10)),
                _ when !html && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => TraktProblem.BadAppCredentials,
                _ => TraktProblem.Unavailable,
            };
            return new TokenAnswer(null, problem);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            // The message may hold the URL, never the body; the type is enough to tell what happened.
            logger.LogWarning("Trakt did not answer a {Grant} token request: {Error}", body["grant_type"], e.GetType().Name);
            return new TokenAnswer(null, TraktProblem.Unavailable);
        }
    }

    private static bool IsHtml(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType == "text/html";

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response) where T : class =>
        await response.Content.ReadFromJsonAsync<T>(TraktJson.Options);

    private static async Task<string?> ReadErrorAsync(HttpResponseMessage response)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync<TraktJson.OAuthError>(TraktJson.Options))?.Error;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null; // an HTML page from Cloudflare, or nothing
        }
    }
}
