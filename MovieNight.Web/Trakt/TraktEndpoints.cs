using Microsoft.AspNetCore.Antiforgery;
using MovieNight.Web.AccessTokens;
using MovieNight.Web.Household;
using MovieNight.Web.Http;

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
        // a member sees and syncs only themself, an admin anyone. Cookie or personal access token (ApiCaller).
        // AllowAnonymous: they answer 401 themselves (ApiCaller), as an API client wants, not the sign-in page.
        app.MapGet("/api/trakt/status/{member}", (string member, HttpContext http) => StatusAsync(member, http)).AllowAnonymous();
        app.MapPost("/api/trakt/sync/{member}", (string member, HttpContext http) => StartSyncAsync(member, http)).AllowAnonymous().DisableAntiforgery();

        // The mobile client's own routes: the member in the body or the query ({userId}), else the caller.
        app.MapGet("/api/trakt/sync", (string? userId, HttpContext http) => StatusAsync(userId, http)).AllowAnonymous();
        // The explicit return type keeps this a route handler; a lambda of HttpContext alone would be a RequestDelegate whose result is dropped.
        app.MapPost("/api/trakt/sync", async Task<IResult> (HttpContext http) => await StartSyncAsync(await UserIdFromBodyAsync(http), http))
            .AllowAnonymous().DisableAntiforgery();
        app.MapPost("/api/trakt/disconnect", async (HttpContext http, TraktLinking linking) =>
        {
            var (caller, refusal) = await ApiCaller.IdentifyAsync(http, isWrite: true);
            if (caller is null) return refusal!;
            var (target, denied) = await MemberForAsync(await UserIdFromBodyAsync(http), caller, http);
            if (target is null) return denied!;
            await linking.UnlinkAsync(target.Id);
            return Results.Json(new { success = true, connected = false });
        }).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> StatusAsync(string? member, HttpContext http)
    {
        var (caller, refusal) = await ApiCaller.IdentifyAsync(http, isWrite: false);
        if (caller is null) return refusal!;
        var (target, denied) = await MemberForAsync(member, caller, http);
        if (target is null) return denied!;
        var tokens = http.RequestServices.GetRequiredService<TraktTokens>();
        var runs = http.RequestServices.GetRequiredService<TraktSyncRuns>();
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
    }

    private static async Task<IResult> StartSyncAsync(string? member, HttpContext http)
    {
        var (caller, refusal) = await ApiCaller.IdentifyAsync(http, isWrite: true);
        if (caller is null) return refusal!;
        var (target, denied) = await MemberForAsync(member, caller, http);
        if (target is null) return denied!;
        if (await http.RequestServices.GetRequiredService<TraktTokens>().CurrentLinkAsync(target.Id) is not { NeedsRelink: false })
            return Results.Conflict(new { error = $"{target.Name} has no working Trakt link." });
        return await http.RequestServices.GetRequiredService<TraktSyncSchedule>().StartNowAsync(target.Id, "api") is { } runId
            ? Results.Json(new { runId }, statusCode: StatusCodes.Status202Accepted)
            : Results.Conflict(new { error = "A sync is already running." });
    }

    /// <summary>The member an API call names (an id or a name; none: the caller), if the caller may see them: 403 or 404 otherwise.</summary>
    private static async Task<(Member? Member, IResult? Refusal)> MemberForAsync(string? member, ApiCaller caller, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(member)) return (caller.Member, null);
        var all = await http.RequestServices.GetRequiredService<MemberStore>().ListAsync(includeInactive: true);
        var target = long.TryParse(member, out var id) ? all.FirstOrDefault(m => m.Id == id)
            : all.FirstOrDefault(m => string.Equals(m.Name, member.Trim(), StringComparison.OrdinalIgnoreCase));
        // An unknown member reads as "not yours" to a member (it does not tell who exists), as 404 to an admin.
        var notYours = Results.Json(new { error = "You can see and sync only your own Trakt link." }, statusCode: StatusCodes.Status403Forbidden);
        if (target is not null && target.Id != caller.Member.Id && !caller.IsAdmin) return (null, notYours);
        return target is null
            ? (null, caller.IsAdmin ? Results.Json(new { error = $"No member {member}." }, statusCode: StatusCodes.Status404NotFound) : notYours)
            : (target, null);
    }

    /// <summary>{"userId": 3} or {"userId": "Erik"} in a JSON body (the mobile client's shape); null when absent.</summary>
    private static async Task<string?> UserIdFromBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is 0 || http.Request.HasFormContentType) return http.Request.HasFormContentType ? http.Request.Form["userId"].ToString() : null;
        try
        {
            using var body = await System.Text.Json.JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return body.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && body.RootElement.TryGetProperty("userId", out var userId)
                ? userId.ValueKind == System.Text.Json.JsonValueKind.Number ? userId.GetRawText() : userId.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
