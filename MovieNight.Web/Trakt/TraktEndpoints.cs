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

        // JSON for other clients: a member sees only themself, an admin anyone.
        app.MapGet("/api/trakt/status/{member:long}", async (long member, HttpContext http, MemberStore members, TraktTokens tokens) =>
        {
            if (http.User.MemberId() is not { } me) return Results.Unauthorized();
            if (me != member && !http.User.IsInRole(MemberSession.AdminPolicy)) return Results.Forbid();
            if (await members.FindAsync(member) is null) return Results.NotFound();
            var link = await tokens.CurrentLinkAsync(member);
            return Results.Json(new
            {
                connected = link is { NeedsRelink: false },
                username = link?.Username,
                tokenExpiresAt = link?.ExpiresAt,
                needsRelink = link?.NeedsRelink ?? false,
            });
        }).AllowAnonymous(); // it answers 401 itself: an API client wants that, not the sign-in page
        return app;
    }
}
