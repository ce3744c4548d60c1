using MovieNight.Migrations;
using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace MovieNight.Web.Trakt;

/// <summary>
/// Hands out a member's access token, refreshing it before it expires and once after a 401.
/// Refresh is single-flight: in this process a gate per member lets one refresh run while the
/// others wait for its result; across processes the claim in trakt_auth does the same. The new
/// pair is saved before it is used, and the refresh request is never cancelled by a caller, nor
/// cut off by the app stopping (<see cref="WhenRefreshesDoneAsync"/>).
/// </summary>
public sealed class TraktTokens(
    TraktTokenStore store, TokenVault vault, TraktCredentials credentials, TraktAuthClient auth,
    IOptions<TraktOptions> options, TimeProvider time, ILogger<TraktTokens> logger)
{
    public const string OutOfBandRedirect = "urn:ietf:wg:oauth:2.0:oob";
    private static readonly TimeSpan OtherProcessPoll = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<long, SemaphoreSlim> gates = new();
    private readonly ConcurrentDictionary<Task, byte> refreshesInFlight = new();

    private TimeSpan Lease => options.Value.RefreshTimeout * 3;

    public async Task<TraktResult<string>> AccessTokenAsync(long memberId, CancellationToken cancellationToken = default)
    {
        var link = await store.FindAsync(memberId);
        if (link is null) return TraktProblem.NotLinked;
        if (link.NeedsRelink) return TraktProblem.RelinkNeeded(link.RelinkReason!);
        if (vault.Open(link.SealedAccess, TraktTokenStore.AccessPurpose(memberId)) is not { } access)
            return await UnreadableAsync(memberId);
        if (time.GetUtcNow() < link.ExpiresAt - options.Value.RefreshBeforeExpiry) return access;
        return await RefreshAsync(memberId, link.SealedRefresh, cancellationToken);
    }

    /// <summary>The member's link as it stands, with tokens that no longer open marked as needing a new link.</summary>
    public async Task<TraktLink?> CurrentLinkAsync(long memberId)
    {
        var link = await store.FindAsync(memberId);
        if (link is null || link.NeedsRelink || vault.Open(link.SealedAccess, TraktTokenStore.AccessPurpose(memberId)) is not null) return link;
        await UnreadableAsync(memberId);
        return await store.FindAsync(memberId);
    }

    /// <summary>Trakt answered 401 to <paramref name="rejected"/>: a newer token if someone refreshed meanwhile, else one refresh.</summary>
    public async Task<TraktResult<string>> AfterUnauthorizedAsync(long memberId, string rejected, CancellationToken cancellationToken = default)
    {
        var link = await store.FindAsync(memberId);
        if (link is null) return TraktProblem.NotLinked;
        if (link.NeedsRelink) return TraktProblem.RelinkNeeded(link.RelinkReason!);
        var access = vault.Open(link.SealedAccess, TraktTokenStore.AccessPurpose(memberId));
        if (access is not null && access != rejected) return access;
        return await RefreshAsync(memberId, link.SealedRefresh, cancellationToken);
    }

    /// <summary>A token accepted once and refused again right after its refresh: the link is gone at Trakt.</summary>
    public async Task<TraktProblem> RefusedAfterRefreshAsync(long memberId)
    {
        var problem = TraktProblem.RelinkNeeded("Trakt no longer accepts this link (access was revoked at Trakt). Link Trakt again.");
        await store.MarkRelinkNeededAsync(memberId, problem.Message);
        logger.LogWarning("Trakt refused member {Member}'s refreshed token; the member must link again", memberId);
        return problem;
    }

    /// <summary>Runs <paramref name="work"/> (unlinking) while no refresh of this member runs in this process.</summary>
    public async Task ExclusiveAsync(long memberId, Func<Task> work)
    {
        var gate = gates.GetOrAdd(memberId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            await work();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Refreshes unless the pair whose refresh token is <paramref name="sealedRefreshSeen"/> was already replaced.</summary>
    public async Task<TraktResult<string>> RefreshAsync(long memberId, string sealedRefreshSeen, CancellationToken cancellationToken = default)
    {
        var gate = gates.GetOrAdd(memberId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken); // waiting may be cancelled; the refresh itself may not
        try
        {
            var waitingSince = time.GetTimestamp();
            while (true)
            {
                var link = await store.FindAsync(memberId);
                if (link is null) return TraktProblem.NotLinked;
                if (link.NeedsRelink) return TraktProblem.RelinkNeeded(link.RelinkReason!);
                if (link.SealedRefresh != sealedRefreshSeen)
                {
                    // Another request, job or process refreshed while this one waited: use its pair.
                    return vault.Open(link.SealedAccess, TraktTokenStore.AccessPurpose(memberId)) is { } fresh ? fresh : await UnreadableAsync(memberId);
                }
                var claim = Guid.NewGuid().ToString("N");
                if (await store.TryClaimRefreshAsync(memberId, link.SealedRefresh, claim, Lease))
                {
                    var refresh = SendRefreshAsync(link, claim);
                    refreshesInFlight.TryAdd(refresh, 0);
                    try
                    {
                        return await refresh;
                    }
                    finally
                    {
                        refreshesInFlight.TryRemove(refresh, out _);
                    }
                }
                // Another process holds the claim: wait for its pair, but not for a process that died holding it.
                if (time.GetElapsedTime(waitingSince) > options.Value.RefreshTimeout + TimeSpan.FromSeconds(10)) return TraktProblem.Unavailable;
                await Task.Delay(OtherProcessPoll, time, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>For the app's shutdown: a refresh cut off mid-flight would lose the pair Trakt already rotated.</summary>
    public Task WhenRefreshesDoneAsync() => Task.WhenAll(refreshesInFlight.Keys);

    private async Task<TraktResult<string>> SendRefreshAsync(TraktLink link, string claim)
    {
        var memberId = link.MemberId;
        if (vault.Open(link.SealedRefresh, TraktTokenStore.RefreshPurpose(memberId)) is not { } refreshToken)
            return await UnreadableAsync(memberId);
        if (await credentials.GetAsync() is not { } app)
        {
            await store.ReleaseClaimAsync(memberId, claim);
            return TraktProblem.NotConfigured;
        }

        var answer = await auth.RefreshAsync(app, refreshToken, link.RedirectUri ?? OutOfBandRedirect);
        if (answer.Token is { } token)
        {
            if (await SaveAsync(link, claim, token))
            {
                logger.LogInformation("Refreshed member {Member}'s Trakt token; it now expires {ExpiresAt:u}", memberId, token.ExpiresAt);
                return token.AccessToken;
            }
            // Unlinked or linked again meanwhile: this pair belongs to nobody; it must not linger at Trakt.
            await auth.RevokeAsync(app, token.AccessToken);
            return TraktProblem.NotLinked;
        }
        if (answer.GrantRefused)
        {
            await store.MarkRelinkNeededAsync(memberId, answer.Problem!.Message);
            logger.LogWarning("Trakt refused member {Member}'s refresh token: {Problem}", memberId, answer.Problem.Kind);
        }
        else
            await store.ReleaseClaimAsync(memberId, claim); // not spent: the same refresh token is tried again later
        return answer.Problem!;
    }

    /// <summary>The new pair exists only in this process now: a busy database gets a few more tries.</summary>
    private async Task<bool> SaveAsync(TraktLink link, string claim, TraktJson.Token token)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.SaveRefreshedAsync(link.MemberId, claim, link.SealedRefresh, token);
            }
            catch (SqliteException e) when (attempt < 5)
            {
                logger.LogWarning("Saving member {Member}'s refreshed Trakt token failed ({Error}); trying again", link.MemberId, e.SqliteErrorCode);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time);
            }
        }
    }

    private async Task<TraktProblem> UnreadableAsync(long memberId)
    {
        var problem = TraktProblem.RelinkNeeded(
            "The stored Trakt tokens cannot be read (the encryption key changed or the data was altered). Link Trakt again.");
        await store.MarkRelinkNeededAsync(memberId, problem.Message);
        logger.LogWarning("Member {Member}'s Trakt tokens do not open with the current key; the member must link again", memberId);
        return problem;
    }
}
