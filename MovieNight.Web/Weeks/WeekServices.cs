using Microsoft.Data.Sqlite;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using Quartz;

namespace MovieNight.Web.Weeks;

public static class WeekServices
{
    /// <summary>
    /// The weekly game and its closing job. Quartz keeps its schedule in the app's own SQLite file
    /// (one file to back up) and creates its tables there on first start. The "Quartz" configuration
    /// section tunes the scheduler (tests shorten Quartz:Scheduler:IdleWaitTime).
    /// </summary>
    public static IServiceCollection AddWeeks(this IServiceCollection services, IConfiguration configuration)
    {
        // Tests add the game to an app whose Program.cs may already have: adding it twice would start two schedulers.
        if (services.Any(s => s.ServiceType == typeof(WeekCloser))) return services;

        services.AddSingleton<WeekWriteGate>();
        services.AddSingleton<CloseWeekTrigger>();
        services.AddSingleton<HouseholdSettings>();
        services.AddSingleton<WeekStore>();
        services.AddSingleton<NominationBook>();
        services.AddSingleton<VoteBook>();
        services.AddSingleton<WeekResults>();
        services.AddSingleton<WeekCloser>();
        services.AddHostedService<WeekStartup>();

        services.AddQuartz(configuration.GetSection("Quartz"), quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                store.UseSqlite(source => source.DataSourceFactory =
                    provider => SqliteFactory.Instance.CreateDataSource(Sqlite.ConnectionStringForOthers(provider.GetRequiredService<Db>().ConnectionString)));
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
            });
            quartz.AddJob<CloseWeekJob>(job => job.WithIdentity(CloseWeekTrigger.Job).StoreDurably());
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
