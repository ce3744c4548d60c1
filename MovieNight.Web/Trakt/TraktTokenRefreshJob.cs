using Microsoft.Extensions.Options;

namespace MovieNight.Web.Trakt;

/// <summary>
/// Daily (a Hangfire recurring job): refreshes every linked member's token that would expire before
/// the next run, so a member who does not open MovieNight for a week still finds Trakt linked.
/// Idempotent: a token already refreshed (by a request, or this job delivered twice) is fresh and
/// skipped; a refresh racing another goes through the same single-flight claim. It takes no
/// arguments, so nothing about a member, let alone a token, sits in the jobs database.
/// </summary>
public sealed class TraktTokenRefreshJob(TraktTokenStore store, TraktTokens tokens, IOptions<TraktOptions> options, TimeProvider time,
    ILogger<TraktTokenRefreshJob> logger)
{
    public const string Id = "trakt-refresh-tokens";
    /// <summary>04:30 UTC, after the night's movies and before anyone is up.</summary>
    public const string Cron = "30 4 * * *";

    public async Task RunAsync()
    {
        var due = time.GetUtcNow() + options.Value.DailyRefreshWindow;
        foreach (var link in await store.ListLinkedAsync())
        {
            if (link.ExpiresAt > due) continue;
            var refreshed = await tokens.RefreshAsync(link.MemberId, link.SealedRefresh);
            if (refreshed.Succeeded) logger.LogInformation("Refreshed member {Member}'s Trakt token ahead of its expiry", link.MemberId);
            else logger.LogWarning("Could not refresh member {Member}'s Trakt token: {Problem}", link.MemberId, refreshed.Problem.Kind);
        }
    }
}
