using System.Net;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Operations;

namespace MovieNight.Tests.Shell;

/// <summary>/healthz is cheap (its answer is kept a few seconds), public, and tells a stranger nothing more than its status.</summary>
public sealed class HealthzTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Healthz_answers_from_its_last_check_for_a_few_seconds_then_checks_again()
    {
        var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        await using (var connection = app.Db.OpenConnection())
            await connection.ExecuteAsync("DELETE FROM schema_journal WHERE version = @v", new { v = Migrator.LatestVersion });

        // Within the cache time the database is not asked again.
        app.Clock.Advance(DatabaseHealthCheck.CacheFor - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var unhealthy = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        // No schema numbers, paths or exception text for whoever asks.
        Assert.Equal("Unhealthy", await unhealthy.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_needs_no_sign_in()
    {
        var response = await app.NewClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
