using Microsoft.Extensions.Configuration;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MovieNight.Migrations;
using MovieNight.Tests.Fakes;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Data;
using MovieNight.Web.Tmdb;

namespace MovieNight.Tests.Tmdb;

/// <summary>
/// The TMDB services as AddTmdb registers them, over a migrated temporary database, a test clock
/// and a fake TMDB on loopback. Retries are quick so failure tests stay fast.
/// </summary>
public sealed class TmdbHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly TempDirectory data = new();

    private TmdbHarness(FakeTmdbServer fake, IReadOnlyDictionary<string, string?> overrides)
    {
        Fake = fake;
        var settings = new Dictionary<string, string?>
        {
            ["Tmdb:ApiBaseUrl"] = fake.BaseUrl,
            ["TMDB_API_KEY"] = FakeTmdbServer.ApiKey,
            ["Tmdb:RetryBaseDelay"] = "00:00:00.010",
            ["Tmdb:AttemptTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in overrides) settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var connectionString = Sqlite.ConnectionString(data.File("movienight.db"));
        new Migrator(connectionString).Migrate();
        var collection = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturedLogs(Logs)))
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(new Db(connectionString));
        collection.AddTmdb(configuration);
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTmdbServer Fake { get; }

    /// <summary>Every log line written, at every level: tests check that no credential is among them.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();
    public TestClock Clock { get; } = new();
    public IServiceProvider Services => services;
    public TmdbClient Client => services.GetRequiredService<TmdbClient>();
    public MovieCache Movies => services.GetRequiredService<MovieCache>();
    public Db Db => services.GetRequiredService<Db>();

    /// <param name="settings">Configuration keys to change, e.g. ("TMDB_API_KEY", null).</param>
    public static async Task<TmdbHarness> StartAsync(params (string Key, string? Value)[] settings) =>
        new(await FakeTmdbServer.StartAsync(), settings.ToDictionary(s => s.Key, s => s.Value));

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Fake.DisposeAsync();
        data.Dispose();
    }
}

internal sealed class CapturedLogs(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");

    public void Dispose() { }
}
