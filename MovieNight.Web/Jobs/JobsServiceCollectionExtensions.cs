using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using MovieNight.Web.Data;

namespace MovieNight.Web.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Hangfire over its own SQLite file (jobs.db beside movienight.db, so its polling and locks never
    /// wait on votes), with a small server that stops with the app. Everything is taken from this
    /// app's container: Hangfire's AddHangfire also sets process-wide statics (JobStorage.Current is not
    /// set here, JobActivator.Current and the log provider are), and a process that hosts several apps
    /// (the tests) must not run one app's jobs in another's container or storage.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        // Registered before AddHangfire, whose TryAdd would otherwise read the statics.
        services.AddSingleton<JobStorage>(provider =>
        {
            var files = provider.GetRequiredService<IOptions<MovieNightOptions>>().Value;
            var jobs = provider.GetRequiredService<IOptions<JobsOptions>>().Value;
            PrivateFiles.CreateDirectory(files.FullDataDirectory);
            PrivateFiles.CreateFile(files.JobsDatabasePath);
            return new SQLiteStorage(files.JobsDatabasePath, new SQLiteStorageOptions { QueuePollInterval = jobs.QueuePollInterval });
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));

        services.AddHangfire((provider, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new JobsLogProvider(provider.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((provider, server) =>
        {
            var jobs = provider.GetRequiredService<IOptions<JobsOptions>>().Value;
            server.WorkerCount = jobs.WorkerCount;
            server.SchedulePollingInterval = jobs.SchedulePollInterval;
            // Stopping the app cancels running jobs after this long; every job is idempotent, so one cut
            // short runs again at the next start.
            server.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        return services;
    }
}
