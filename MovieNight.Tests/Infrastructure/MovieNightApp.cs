using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

    public MovieNightApp(TempDirectory? dataDirectory = null)
    {
        Data = dataDirectory ?? new TempDirectory();
        ownsData = dataDirectory is null;
        settings["MOVIENIGHT_DATA_DIR"] = Data.Path;
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

    /// <summary>Serves the app over Kestrel on a free loopback port and returns its address.</summary>
    public string Kestrel()
    {
        UseKestrel(0);
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

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
