using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Household;

namespace MovieNight.Web.Trakt;

/// <summary>A device code waiting for the member to enter it at Trakt.</summary>
public sealed record PendingDeviceCode(string UserCode, string VerificationUrl, int IntervalSeconds, DateTimeOffset ExpiresAt)
{
    /// <summary>Trakt's activation page with the code filled in (what the QR code holds).</summary>
    public string ActivationUrl => $"{VerificationUrl.TrimEnd('/')}/{Uri.EscapeDataString(UserCode)}";
}

/// <summary>Where a device code stands after asking Trakt (or deciding it is too early to ask).</summary>
public sealed record DeviceCodeProgress(DevicePoll Status, PendingDeviceCode? Pending, string? Message);

/// <summary>
/// Links a member's Trakt account, by redirect (authorization code with PKCE and a single-use state
/// bound to the member, valid 10 minutes) or by device code (for servers Trakt cannot redirect to);
/// reads who they are at Trakt; refuses an account already linked to another member. Unlinks.
/// </summary>
public sealed class TraktLinking(
    Db db, TokenVault vault, TraktCredentials credentials, TraktAuthClient auth, TraktClient api, TraktTokenStore store, TraktTokens tokens, TraktSyncSchedule syncs, TraktSyncRuns runs,
    MemberStore members, IOptions<TraktOptions> options, TimeProvider time, ILogger<TraktLinking> logger)
{
    public const string CallbackPath = "/auth/trakt/callback";
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The redirect URI to register at Trakt: on MOVIENIGHT_PUBLIC_URL when set, else on the request's address.</summary>
    public string RedirectUri(HttpRequest request)
    {
        var root = options.Value.PublicUrl is { Length: > 0 } publicUrl ? publicUrl.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return root + CallbackPath;
    }

    /// <summary>Trakt's authorize URL for this member, with a new state and PKCE challenge stored for the callback.</summary>
    public async Task<TraktResult<string>> StartRedirectAsync(long memberId, string redirectUri)
    {
        if (await credentials.GetAsync() is not { } app) return TraktProblem.NotConfigured;
        var state = Base64Url(RandomNumberGenerator.GetBytes(32));
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var now = time.GetUtcNow();
        await using (var connection = db.OpenConnection())
        {
            // Abandoned attempts go when a new one starts; the table stays as small as the household.
            await connection.ExecuteAsync("DELETE FROM trakt_oauth_states WHERE expires_at < @now", new { now = SqliteTime.ToText(now) });
            await connection.ExecuteAsync("""
                INSERT INTO trakt_oauth_states (state_hash, user_id, code_verifier, redirect_uri, expires_at)
                VALUES (@hash, @memberId, @verifier, @redirectUri, @expiresAt)
                """, new
            {
                hash = Hash(state), memberId, verifier = vault.Seal(verifier, "trakt-pkce"), redirectUri,
                expiresAt = SqliteTime.ToText(now + StateLifetime),
            });
        }
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = app.ClientId, ["redirect_uri"] = redirectUri, ["state"] = state,
            ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        };
        return $"{options.Value.AuthBaseUrl.TrimEnd('/')}/oauth/authorize?{string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"))}";
    }

    /// <summary>
    /// Trakt sent the member back. The state must be one this member started, unused and younger than
    /// 10 minutes; it is spent whatever happens next. Returns the message for the Trakt page.
    /// </summary>
    public async Task<TraktResult<string>> CompleteRedirectAsync(long memberId, string? state, string? code, string? error)
    {
        if (string.IsNullOrEmpty(state)) return TraktProblem.RelinkNeeded("That link back from Trakt is not valid. Start linking again.");
        (string Verifier, string RedirectUri, long MemberId, string ExpiresAt)? pending;
        await using (var connection = db.OpenConnection())
        {
            pending = await connection.QuerySingleOrDefaultAsync<(string, string, long, string)?>("""
                DELETE FROM trakt_oauth_states WHERE state_hash = @hash
                RETURNING code_verifier, redirect_uri, user_id, expires_at
                """, new { hash = Hash(state) });
        }
        if (pending is not { } found || found.MemberId != memberId)
        {
            logger.LogWarning("Refused a Trakt callback for member {Member}: unknown, used or another member's state", memberId);
            return TraktProblem.RelinkNeeded("That link back from Trakt is not valid (already used, or started by someone else). Start linking again.");
        }
        if (SqliteTime.Parse(found.ExpiresAt) < time.GetUtcNow())
            return TraktProblem.RelinkNeeded("That link back from Trakt took longer than 10 minutes. Start linking again.");
        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(code))
            return TraktResult<string>.From("Trakt was not linked: the authorization was declined at Trakt.");
        if (await credentials.GetAsync() is not { } app) return TraktProblem.NotConfigured;
        if (vault.Open(found.Verifier, "trakt-pkce") is not { } verifier)
            return TraktProblem.RelinkNeeded("That link back from Trakt cannot be checked. Start linking again.");

        var answer = await auth.ExchangeCodeAsync(app, code, found.RedirectUri, verifier);
        if (answer.Token is not { } token) return answer.Problem!;
        return await SaveAsync(app, memberId, token, found.RedirectUri);
    }

    public async Task<TraktResult<PendingDeviceCode>> StartDeviceCodeAsync(long memberId)
    {
        if (await credentials.GetAsync() is not { } app) return TraktProblem.NotConfigured;
        var requested = await auth.RequestDeviceCodeAsync(app);
        if (!requested.Succeeded) return requested.Problem;
        var code = requested.Value;
        var now = time.GetUtcNow();
        var pending = new PendingDeviceCode(code.UserCode, code.VerificationUrl, Math.Max(1, code.Interval), now.AddSeconds(code.ExpiresIn));
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("""
            INSERT INTO trakt_device_codes (user_id, device_code, user_code, verification_url, interval_seconds, next_poll_at, expires_at)
            VALUES (@memberId, @deviceCode, @UserCode, @VerificationUrl, @IntervalSeconds, @nextPoll, @expiresAt)
            ON CONFLICT (user_id) DO UPDATE SET device_code = excluded.device_code, user_code = excluded.user_code,
                verification_url = excluded.verification_url, interval_seconds = excluded.interval_seconds,
                next_poll_at = excluded.next_poll_at, expires_at = excluded.expires_at
            """, new
        {
            memberId, deviceCode = vault.Seal(code.DeviceCode, DevicePurpose(memberId)), pending.UserCode, pending.VerificationUrl,
            pending.IntervalSeconds, nextPoll = SqliteTime.ToText(now.AddSeconds(pending.IntervalSeconds)), expiresAt = SqliteTime.ToText(pending.ExpiresAt),
        });
        return pending;
    }

    /// <summary>
    /// Asks Trakt whether the member entered the code, unless Trakt's interval has not passed yet
    /// (then it is still pending). A 429 lengthens the interval by 5 seconds, as OAuth's device flow asks.
    /// </summary>
    public async Task<DeviceCodeProgress> PollDeviceCodeAsync(long memberId)
    {
        var row = await FindDeviceCodeAsync(memberId);
        if (row is null) return new DeviceCodeProgress(DevicePoll.InvalidCode, null, "No code is waiting to be entered. Get a new code.");
        var (sealedCode, pending) = row.Value;
        var now = time.GetUtcNow();
        if (now >= pending.ExpiresAt) return await EndDeviceCodeAsync(memberId, DevicePoll.Expired, "The code expired before it was entered at Trakt. Get a new code.");
        if (await credentials.GetAsync() is not { } app) return new DeviceCodeProgress(DevicePoll.Failed, pending, TraktProblem.NotConfigured.Message);
        // One poll per interval, whoever asks (two tabs, a reload): the first to move next_poll_at asks Trakt.
        await using (var connection = db.OpenConnection())
        {
            var claimed = await connection.ExecuteAsync(
                "UPDATE trakt_device_codes SET next_poll_at = @next WHERE user_id = @memberId AND next_poll_at <= @now",
                new { memberId, now = SqliteTime.ToText(now), next = SqliteTime.ToText(now.AddSeconds(pending.IntervalSeconds)) });
            if (claimed == 0) return new DeviceCodeProgress(DevicePoll.Pending, pending, null);
        }
        if (vault.Open(sealedCode, DevicePurpose(memberId)) is not { } deviceCode)
            return await EndDeviceCodeAsync(memberId, DevicePoll.InvalidCode, "That code can no longer be checked. Get a new code.");

        var (status, token) = await auth.PollDeviceCodeAsync(app, deviceCode);
        switch (status)
        {
            case DevicePoll.Linked:
                await DeleteDeviceCodeAsync(memberId);
                var saved = await SaveAsync(app, memberId, token!, TraktTokens.OutOfBandRedirect);
                return new DeviceCodeProgress(saved.Succeeded ? DevicePoll.Linked : DevicePoll.Failed, null, saved.Succeeded ? saved.Value : saved.Problem.Message);
            case DevicePoll.Pending or DevicePoll.SlowDown or DevicePoll.Failed:
                var interval = pending.IntervalSeconds + (status == DevicePoll.SlowDown ? 5 : 0);
                await using (var connection = db.OpenConnection())
                {
                    await connection.ExecuteAsync(
                        "UPDATE trakt_device_codes SET interval_seconds = @interval, next_poll_at = @next WHERE user_id = @memberId",
                        new { memberId, interval, next = SqliteTime.ToText(now.AddSeconds(interval)) });
                }
                return new DeviceCodeProgress(status, pending with { IntervalSeconds = interval },
                    status == DevicePoll.Failed ? "Trakt is not answering right now; still trying." : null);
            case DevicePoll.Denied:
                return await EndDeviceCodeAsync(memberId, status, "Trakt was not linked: the code was declined at Trakt.");
            case DevicePoll.AppRefused:
                return await EndDeviceCodeAsync(memberId, status, TraktProblem.BadAppCredentials.Message);
            case DevicePoll.Expired:
                return await EndDeviceCodeAsync(memberId, status, "The code expired before it was entered at Trakt. Get a new code.");
            case DevicePoll.AlreadyUsed:
                return await EndDeviceCodeAsync(memberId, status, "That code was already used. If Trakt is not linked yet, get a new code.");
            default:
                return await EndDeviceCodeAsync(memberId, DevicePoll.InvalidCode, "Trakt does not know that code. Get a new code.");
        }
    }

    /// <summary>The code the member is entering now, if any (for the page after a reload).</summary>
    public async Task<PendingDeviceCode?> PendingDeviceCodeAsync(long memberId) => (await FindDeviceCodeAsync(memberId))?.Pending;

    public Task CancelDeviceCodeAsync(long memberId) => DeleteDeviceCodeAsync(memberId);

    /// <summary>Revokes the token at Trakt (best effort) and forgets it; the member's MovieNight history stays.</summary>
    public async Task UnlinkAsync(long memberId)
    {
        await DeleteDeviceCodeAsync(memberId);
        syncs.Unschedule(memberId);
        await runs.RequestCancelAsync(memberId);
        // Not while this member's token is being refreshed: the new pair would outlive the unlink at Trakt.
        await tokens.ExclusiveAsync(memberId, async () =>
        {
            var link = await store.FindAsync(memberId);
            if (link is null) return;
            if (vault.Open(link.SealedAccess, TraktTokenStore.AccessPurpose(memberId)) is { } access && await credentials.GetAsync() is { } app)
                await auth.RevokeAsync(app, access);
            await store.DeleteAsync(memberId);
            logger.LogInformation("Member {Member} unlinked Trakt account {Username}", memberId, link.Username);
        });
    }

    private async Task<TraktResult<string>> SaveAsync(TraktApp app, long memberId, TraktJson.Token token, string redirectUri)
    {
        var settings = await api.GetUserSettingsAsync(app, token.AccessToken);
        if (!settings.Succeeded || settings.Value.User is not { Username.Length: > 0 } user)
        {
            // The new token is not kept without knowing whose it is; revoke it so it does not linger at Trakt.
            await auth.RevokeAsync(app, token.AccessToken);
            return settings.Problem ?? TraktProblem.Unavailable;
        }
        var account = new TraktAccount(user.Username!, user.Ids?.Slug is { Length: > 0 } slug ? slug : user.Username!,
            user.Ids?.Uuid is { Length: > 0 } uuid ? uuid : null, user.Vip);
        if (await store.MemberLinkedToAsync(account) is { } owner && owner != memberId || !await store.SaveLinkAsync(memberId, token, redirectUri, account))
        {
            await auth.RevokeAsync(app, token.AccessToken);
            var ownerName = await store.MemberLinkedToAsync(account) is { } id ? (await members.FindAsync(id))?.Name : null;
            return new TraktProblem(TraktProblemKind.Refused,
                $"The Trakt account {user.Username} is already linked to {ownerName ?? "another member"}. Each Trakt account links to one member.");
        }
        logger.LogInformation("Member {Member} linked Trakt account {Username}", memberId, user.Username);
        // Their recurring sync, and a first one now: the page shows it importing.
        syncs.Schedule(memberId, await syncs.IntervalHoursAsync());
        await syncs.StartNowAsync(memberId, "linked");
        return TraktResult<string>.From($"Trakt linked: you are {user.Username} at Trakt.");
    }

    private async Task<(string SealedCode, PendingDeviceCode Pending)?> FindDeviceCodeAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        var row = await connection.QuerySingleOrDefaultAsync<(string DeviceCode, string UserCode, string VerificationUrl, long Interval, string ExpiresAt)?>(
            "SELECT device_code, user_code, verification_url, interval_seconds, expires_at FROM trakt_device_codes WHERE user_id = @memberId",
            new { memberId });
        if (row is not { } r) return null;
        return (r.DeviceCode, new PendingDeviceCode(r.UserCode, r.VerificationUrl, (int)r.Interval, SqliteTime.Parse(r.ExpiresAt)));
    }

    private async Task<DeviceCodeProgress> EndDeviceCodeAsync(long memberId, DevicePoll status, string message)
    {
        await DeleteDeviceCodeAsync(memberId);
        return new DeviceCodeProgress(status, null, message);
    }

    private async Task DeleteDeviceCodeAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("DELETE FROM trakt_device_codes WHERE user_id = @memberId", new { memberId });
    }

    private static string DevicePurpose(long memberId) => $"trakt-device:{memberId}";
    private static string Hash(string state) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(state)));
    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
