using Microsoft.AspNetCore.Antiforgery;
using MovieNight.Web.Household;
using MovieNight.Web.Web;

namespace MovieNight.Web.Trakt;

/// <summary>
/// The redirect flow's two ends, unlinking, and the link's status as JSON for other clients.
/// The Trakt page (Pages/Trakt) shows the result of each.
/// </summary>
public static class TraktEndpoints
{
    private const string TraktPage = "/Trakt";

    public static IEndpointRouteBuilder MapTrakt(this IEndpointRouteBuilder app)
    {
        app.MapGet("/auth/trakt/login", async (HttpContext http, TraktLinking linking) =>
        {
            var started = await linking.StartRedirectAsync(http.User.MemberId()!.Value, linking.RedirectUri(http.Request));
            if (started.Succeeded) return Results.Redirect(started.Value);
            PageNotice.Tell(http, started.Problem.Message);
            return Results.Redirect(TraktPage);
        }).RequireAuthorization();

        app.MapGet(TraktLinking.CallbackPath, async (HttpContext http, TraktLinking linking, string? state, string? code, string? error) =>
        {
            var completed = await linking.CompleteRedirectAsync(http.User.MemberId()!.Value, state, code, error);
            PageNotice.Tell(http, completed.Succeeded ? completed.Value : completed.Problem.Message);
            return Results.Redirect(TraktPage);
        }).RequireAuthorization();

        app.MapPost("/auth/trakt/unlink", async (HttpContext http, TraktLinking linking, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest();
            await linking.UnlinkAsync(http.User.MemberId()!.Value);
            PageNotice.Tell(http, "Trakt unlinked. Your movie nights and ratings stay in MovieNight.");
            return Results.Redirect(TraktPage);
        }).RequireAuthorization().DisableAntiforgery();

        // JSON for other clients (the original design's mobile client among them): {member} is an id or a name;
        // a member sees and syncs only themself, an admin anyone.
        app.MapGet("/api/trakt/status/{member}", async (string member, HttpContext http, MemberStore members, TraktTokens tokens, TraktSyncRuns runs) =>
        {
            var (target, refusal) = await MemberForAsync(member, http, members);
            if (target is null) return refusal!;
            var link = await tokens.CurrentLinkAsync(target.Id);
            var (latest, lastSynced) = await runs.LatestAsync(target.Id);
            var counts = await runs.CountsAsync(target.Id);
            return Results.Json(new
            {
                connected = link is { NeedsRelink: false },
                username = link?.Username,
                tokenExpiresAt = link?.ExpiresAt,
                needsRelink = link?.NeedsRelink ?? false,
                status = latest?.Status.ToString().ToLowerInvariant() ?? "never",
                lastSyncedAt = lastSynced?.FinishedAt,
                itemsSynced = new { movies = counts.Movies, shows = 0, episodes = 0, ratings = counts.Ratings, lists = 0, favorites = 0, watchlistItems = counts.WatchlistItems },
                errors = latest?.Errors ?? [],
            });
        });

        app.MapPost("/api/trakt/sync/{member}", async (string member, HttpContext http, MemberStore members, TraktTokens tokens,
            TraktSyncSchedule syncs, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest(new { error = "The request's antiforgery token is missing or invalid." });
            var (target, refusal) = await MemberForAsync(member, http, members);
            if (target is null) return refusal!;
            if (await tokens.CurrentLinkAsync(target.Id) is not { NeedsRelink: false })
                return Results.Conflict(new { error = $"{target.Name} has no working Trakt link." });
            return await syncs.StartNowAsync(target.Id, "api") is { } runId
                ? Results.Json(new { runId }, statusCode: StatusCodes.Status202Accepted)
                : Results.Conflict(new { error = "A sync is already running." });
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>The member an API call names (an id or a name), if the caller may see them: 401, 403 or 404 otherwise.</summary>
    private static async Task<(Member? Member, IResult? Refusal)> MemberForAsync(string member, HttpContext http, MemberStore members)
    {
        if (http.User.MemberId() is not { } me) return (null, Results.Unauthorized());
        var all = await members.ListAsync(includeInactive: true);
        var target = long.TryParse(member, out var id) ? all.FirstOrDefault(m => m.Id == id)
            : all.FirstOrDefault(m => string.Equals(m.Name, member, StringComparison.OrdinalIgnoreCase));
        if (target is not null && target.Id != me && !http.User.IsInRole(MemberSession.AdminPolicy)) return (null, Results.Forbid());
        return target is null
            ? (null, http.User.IsInRole(MemberSession.AdminPolicy) ? Results.NotFound() : Results.Forbid())
            : (target, null);
    }
}
