using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using MovieNight.Migrations;
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
using MovieNight.Web.Web;

if (args.Contains("--healthcheck"))
    return await HealthProbe.RunAsync();
// The published app (and so the Docker image) also carries the migrations CLI.
if (args is ["migrate", ..] or ["import-json", ..] or ["import-sqlite", ..] or ["restore", ..])
    return Cli.Run(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppFolder.ContentRoot(args) });

// Options: the self-hoster's environment variables (MOVIENIGHT_DATA_DIR, TZ) win over appsettings.
builder.Services.AddOptions<MovieNightOptions>()
    .Bind(builder.Configuration.GetSection("MovieNight"))
    .Configure<IConfiguration>((options, config) =>
    {
        options.DataDirectory = config["MOVIENIGHT_DATA_DIR"] is { Length: > 0 } dir ? dir : options.DataDirectory;
        options.TimeZone = config["TZ"] is { Length: > 0 } zone ? zone : options.TimeZone;
        options.PublicUrl = config["MOVIENIGHT_PUBLIC_URL"] is { Length: > 0 } url ? url.Trim().TrimEnd('/') : options.PublicUrl;
        options.TrustedProxies = config["MOVIENIGHT_TRUSTED_PROXIES"] is { Length: > 0 } proxies ? proxies : options.TrustedProxies;
    })
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<MovieNightOptions>>().Value;
    PrivateFiles.CreateDirectory(options.FullDataDirectory);
    PrivateFiles.CreateFile(options.DatabasePath);
    return new Db(Sqlite.ConnectionString(options.DatabasePath));
});
builder.Services.AddSingleton<FirstStartImport>();
builder.Services.AddSingleton<ImportWatcher>().AddHostedService(sp => sp.GetRequiredService<ImportWatcher>());
builder.Services.AddHousehold();
builder.Services.AddTmdb(builder.Configuration);
builder.Services.AddWeeks();
builder.Services.AddJobs(builder.Configuration);
builder.Services.AddTrakt(builder.Configuration);
builder.Services.AddSingleton<MovieNight.Web.AccessTokens.AccessTokenStore>();
builder.Services.AddReverseProxy();
builder.Services.AddBackups(builder.Configuration);
builder.Services.AddSingleton<MovieCards>();
builder.Services.AddSingleton<KnownMovies>();
builder.Services.AddSingleton<WatchLog>();
builder.Services.AddSingleton<PastWeeks>();
builder.Services.AddSingleton<MemberWatches>();
builder.Services.AddWatchlist();
builder.Services.AddSingleton<PageCache>();
builder.Services.AddOutputCache(options => options.AddPolicy(MemberPagePolicy.Name, new MemberPagePolicy()));

// Sign-in cookies survive restarts: Data Protection keys live in the data directory.
builder.Services.AddDataProtection().SetApplicationName("MovieNight");
builder.Services.AddOptions<KeyManagementOptions>()
    .Configure<IOptions<MovieNightOptions>, ILoggerFactory>((keys, options, logs) =>
        keys.XmlRepository = new PrivateKeyRepository(options.Value.KeysDirectory, logs));

builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.Cookie.Name = "MovieNight.Session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.ExpireTimeSpan = MemberSession.Lifetime;
        options.SlidingExpiration = true;
        options.LoginPath = "/";
        options.AccessDeniedPath = "/Status/403";
        options.Events.OnValidatePrincipal = MemberSession.ValidateAsync;
        // A real 403 (rendered by the status page), not a redirect that hides it.
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToLogin = context =>
        {
            // The handler builds an absolute URI from the request's Host header, which a client can forge.
            var target = ReverseProxy.SiteRelative(context.RedirectUri, context.HttpContext.RequestServices.GetRequiredService<IOptions<MovieNightOptions>>().Value);
            if (context.Request.IsHtmx()) context.Response.HtmxRedirect(target);
            else context.Response.Redirect(target);
            return Task.CompletedTask;
        };
    });
// Every page and endpoint needs a signed-in member unless it says [AllowAnonymous] (or AllowAnonymous()).
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(MemberSession.AdminPolicy, policy => policy.RequireRole(MemberSession.AdminPolicy));
builder.Services.AddAntiforgery(options => options.HeaderName = "RequestVerificationToken");

// A per-client limit on PIN attempts, on top of the per-profile lock-out.
builder.Services.AddRateLimiter(options =>
{
    options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    options.AddPolicy(PinRateLimit.Policy, context => PinRateLimit.Partition(context));
    options.OnRejected = (context, _) =>
    {
        context.HttpContext.Response.Headers.RetryAfter = "60";
        return ValueTask.CompletedTask;
    };
});

builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/Admin", MemberSession.AdminPolicy);
});
builder.Services.AddSingleton<DatabaseHealthCheck>();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

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
