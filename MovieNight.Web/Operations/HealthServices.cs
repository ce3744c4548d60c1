namespace MovieNight.Web.Operations;

public static class HealthServices
{
    /// <summary>/healthz: the database answers (the result kept a few seconds, so probes stay cheap).</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }
}
