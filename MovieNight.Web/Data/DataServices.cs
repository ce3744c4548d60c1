using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using MovieNight.Migrations;

namespace MovieNight.Web.Data;

public static class DataServices
{
    /// <summary>
    /// Where the household's data lives: options from the self-hoster's environment, the one SQLite
    /// database (created private), the first-start import, imports made while running, and the Data
    /// Protection keys in the data directory.
    /// </summary>
    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        // Options: the self-hoster's environment variables (MOVIENIGHT_DATA_DIR, TZ) win over appsettings.
        services.AddOptions<MovieNightOptions>()
            .Bind(configuration.GetSection("MovieNight"))
            .Configure<IConfiguration>((options, config) =>
            {
                options.DataDirectory = config["MOVIENIGHT_DATA_DIR"] is { Length: > 0 } dir ? dir : options.DataDirectory;
                options.TimeZone = config["TZ"] is { Length: > 0 } zone ? zone : options.TimeZone;
                options.PublicUrl = config["MOVIENIGHT_PUBLIC_URL"] is { Length: > 0 } url ? url.Trim().TrimEnd('/') : options.PublicUrl;
                options.TrustedProxies = config["MOVIENIGHT_TRUSTED_PROXIES"] is { Length: > 0 } proxies ? proxies : options.TrustedProxies;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MovieNightOptions>>().Value;
            PrivateFiles.CreateDirectory(options.FullDataDirectory);
            PrivateFiles.CreateFile(options.DatabasePath);
            return new Db(Sqlite.ConnectionString(options.DatabasePath));
        });
        services.AddSingleton<FirstStartImport>();
        services.AddSingleton<ImportWatcher>().AddHostedService(sp => sp.GetRequiredService<ImportWatcher>());

        // Sign-in cookies survive restarts: Data Protection keys live in the data directory.
        services.AddDataProtection().SetApplicationName("MovieNight");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<MovieNightOptions>, ILoggerFactory>((keys, options, logs) =>
                keys.XmlRepository = new PrivateKeyRepository(options.Value.KeysDirectory, logs));
        return services;
    }
}
