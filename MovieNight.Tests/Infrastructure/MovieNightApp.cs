using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MovieNight.Tests.Tmdb;
using MovieNight.Web.Data;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Infrastructure;

/// <summary>
/// The real app over its own temporary data directory (a real SQLite file, real migrations) and a
/// clock the test controls. `Kestrel()` serves it on a loopback port for the browser.
/// </summary>
public sealed class MovieNightApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings = new()
    {
        ["TZ"] = "Europe/Budapest",
    };

    /// <param name="dataDirectory">Share one with a later app to test a restart; by default a new one.</param>
    /// <param name="kestrel">Serve over a real loopback port (for the browser) instead of the in-memory server.</param>
    public MovieNightApp(TempDirectory? dataDirectory = null, bool kestrel = false)
    {
        Data = dataDirectory ?? new TempDirectory();
        ownsData = dataDirectory is null;
        settings["MOVIENIGHT_DATA_DIR"] = Data.Path;
        if (kestrel) UseKestrel(0);
    }

    private readonly bool ownsData;
    public TempDirectory Data { get; }
    public TestClock Clock { get; } = new();
    public Db Db => Services.GetRequiredService<Db>();
    public MemberStore Members => Services.GetRequiredService<MemberStore>();

    public MovieNightApp With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>The loopback address Kestrel serves on (the app must be built with kestrel: true).</summary>
    public string ServerAddress()
    {
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturedLogs(Logs)));
    }

    /// <summary>Every log line the app wrote at Information and above: tests check that no secret is among them.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Adds a member straight to the database (the admin pages have their own tests).</summary>
    public async Task<Member> CreateMemberAsync(string name, string? pin = "1234", bool admin = false, string icon = "🍿")
    {
        long id;
        if (admin && !await Members.AnyAsync())
            id = (await Members.CreateFirstAdminAsync(name, icon, pin ?? "0000"))!.Value;
        else
        {
            id = (await Members.AddAsync(name, icon, pin))!.Value;
            if (admin) await Members.SetAdminAsync(id, true);
        }
        return (await Members.FindAsync(id))!;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsData) Data.Dispose();
    }
}
