using System.Diagnostics;
using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Jobs;

public sealed class JobsServerTests
{
    [Fact]
    public void The_server_runs_with_few_workers_and_stops_promptly_with_the_app()
    {
        using var data = new TempDirectory();
        var app = new MovieNightApp(data);
        var servers = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers();
        Assert.Equal(2, Assert.Single(servers).WorkersCount);

        var stopping = Stopwatch.StartNew();
        app.Dispose();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}");

        // It signed out of jobs.db on the way: nothing is left to be taken for a crashed server.
        using var storage = new SQLiteStorage(data.File("jobs.db"));
        Assert.Empty(storage.GetMonitoringApi().Servers());
    }
}
