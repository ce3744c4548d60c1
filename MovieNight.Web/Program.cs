using Microsoft.Extensions.Options;
using MovieNight.Migrations;
using MovieNight.Web.AccessTokens;
using MovieNight.Web.Backups;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Jobs;
using MovieNight.Web.Movies;
using MovieNight.Web.Tmdb;
using MovieNight.Web.Trakt;
using MovieNight.Web.Weeks;
using MovieNight.Web.Operations;
using MovieNight.Web.Watchlist;
using MovieNight.Web.Http;

if (args.Contains("--healthcheck"))
    return await HealthProbe.RunAsync();
// The published app (and so the Docker image) also carries the migrations CLI.
if (args is ["migrate", ..] or ["import-json", ..] or ["import-sqlite", ..] or ["restore", ..])
    return Cli.Run(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppFolder.ContentRoot(args) });

builder.Services.AddData(builder.Configuration);
builder.Services.AddHousehold();
builder.Services.AddTmdb(builder.Configuration);
builder.Services.AddWeeks();
builder.Services.AddJobs(builder.Configuration);
builder.Services.AddTrakt(builder.Configuration);
builder.Services.AddAccessTokens();
builder.Services.AddReverseProxy();
builder.Services.AddBackups(builder.Configuration);
builder.Services.AddMovies();
builder.Services.AddWatchlist();
builder.Services.AddPageCache();
builder.Services.AddHealth();
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/Admin", MemberSession.AdminPolicy);
});

var app = builder.Build();

try
{
    DatabaseStartup.Run(app.Services, app.Logger);
    // The Trakt token key (TRAKT_ENCRYPTION_KEY or the key file): a bad one stops here, before anyone is served.
    app.Services.GetRequiredService<TokenVault>();
    // The PIN pepper (keys/pin-pepper.key): created now, or a damaged one stops here.
    app.Services.GetRequiredService<PinHashes>().EnsurePepper();
}
catch (Exception e) when (e is DatabaseRefusedException or InvalidOperationException or OptionsValidationException)
{
    app.Logger.LogCritical("MovieNight cannot start: {Reason}", e.Message);
    Console.Error.WriteLine($"MovieNight cannot start: {e.Message}");
    return 1;
}

app.UseReverseProxy();
if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", StatusCodeSelector = RequestTooLarge.StatusCode });
app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/Status/{0}");
app.UseStaticFiles();
app.UseFormLimits();
app.UseRouting();
// A path no page or endpoint answers is a 404 for everyone: the fallback policy would otherwise send
// visitors to sign in first, only to show them "Nothing here".
app.Use((context, next) =>
{
    if (context.GetEndpoint() is not null) return next(context);
    context.Response.StatusCode = StatusCodes.Status404NotFound;
    return Task.CompletedTask;
});
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseOutputCache();

// Only "Healthy" or "Unhealthy": load balancers and Docker need no more, and a stranger should get no more.
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapRazorPages();
app.MapTrakt();
app.MapJobsDashboard();

await app.RunAsync();
return 0;

public partial class Program;
