using Microsoft.Extensions.Diagnostics.HealthChecks;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Operations;

/// <summary>Healthy when the database answers and carries every migration this version knows.</summary>
public sealed class DatabaseHealthCheck(Db db) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = new Migrator(db.ConnectionString).CurrentVersion();
            return Task.FromResult(version == Migrator.LatestVersion
                ? HealthCheckResult.Healthy($"schema {version}")
                : HealthCheckResult.Unhealthy($"schema {version}, expected {Migrator.LatestVersion}"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(e.Message));
        }
    }
}
