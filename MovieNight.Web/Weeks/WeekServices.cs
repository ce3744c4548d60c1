namespace MovieNight.Web.Weeks;

public static class WeekServices
{
    /// <summary>The weekly game and its closing job (run by Hangfire, see Jobs/).</summary>
    public static IServiceCollection AddWeeks(this IServiceCollection services)
    {
        services.AddSingleton<WeekWriteGate>();
        services.AddSingleton<CloseWeekSchedule>();
        services.AddSingleton<HouseholdSettings>();
        services.AddScoped(provider => provider.GetRequiredService<HouseholdSettings>().Time());
        services.AddSingleton<WeekStore>();
        services.AddSingleton<NominationBook>();
        services.AddSingleton<VoteBook>();
        services.AddSingleton<WeekResults>();
        services.AddSingleton<WeekCloser>();
        services.AddTransient<CloseWeekJob>();
        services.AddSingleton<NominationDetailsSchedule>();
        services.AddTransient<NominationDetailsJob>();
        services.AddHostedService<WeekStartup>();
        return services;
    }
}
