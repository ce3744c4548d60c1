namespace MovieNight.Web.Backups;

public static class BackupServices
{
    /// <summary>Backups (section "Backups"), the nightly job and its schedule.</summary>
    public static IServiceCollection AddBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DatabaseBackups>();
        services.AddTransient<NightlyBackupJob>();
        services.AddHostedService<BackupStartup>();
        return services;
    }
}
