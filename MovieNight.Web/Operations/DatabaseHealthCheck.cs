using Microsoft.Extensions.Diagnostics.HealthChecks;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Operations;

/// <summary>
/// Healthy when the database answers and carries every migration this version knows. The answer is
/// kept for <see cref="CacheFor"/>, so a busy prober (or a flood of them) costs one query every few seconds.
/// </summary>
public sealed class DatabaseHealthCheck(Db db, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private (HealthCheckResult Result, DateTimeOffset Until)? cached;
    private readonly Lock gate = new();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (cached is { } hit && now < hit.Until) return Task.FromResult(hit.Result);
            var result = Check();
            cached = (result, now + CacheFor);
            return Task.FromResult(result);
        }
    }

    private HealthCheckResult Check()
    {
        try
        {
            var version = new Migrator(db.ConnectionString).CurrentVersion();
            return version == Migrator.LatestVersion
                ? HealthCheckResult.Healthy($"schema {version}")
                : HealthCheckResult.Unhealthy($"schema {version}, expected {Migrator.LatestVersion}");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
