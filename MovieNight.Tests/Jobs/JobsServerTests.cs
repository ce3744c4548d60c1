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
        // The server announces itself from its own thread, just after the app has started: wait for it.
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var waited = Stopwatch.StartNew();
        while (monitoring.Servers().Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(50);
        Assert.Equal(2, Assert.Single(monitoring.Servers()).WorkersCount);

        var stopping = Stopwatch.StartNew();
        app.Dispose();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}");

        // It signed out of jobs.db on the way: nothing is left to be taken for a crashed server.
        using var storage = new SQLiteStorage(data.File("jobs.db"));
        Assert.Empty(storage.GetMonitoringApi().Servers());
    }
}
