using Dapper;
using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Jobs;

/// <summary>
/// Hangfire.Storage.SQLite brings sqlite-net and a second native SQLite; the build keeps only the app's
/// (SQLitePCLRaw.bundle_e_sqlite3 3.0.3, that is SQLite 3.50.4), and both libraries run on it.
/// </summary>
public sealed class NativeSqliteTests
{
    private const string AppsSqlite = "3.50.4";

    [Fact]
    public async Task The_app_and_Hangfire_run_on_the_apps_own_SQLite()
    {
        using var app = new MovieNightApp();
        await using (var connection = app.Db.OpenConnection())
            Assert.Equal(AppsSqlite, await connection.ExecuteScalarAsync<string>("SELECT sqlite_version()"));

        var storage = Assert.IsType<SQLiteStorage>(app.Services.GetRequiredService<JobStorage>());
        using var jobs = storage.CreateAndOpenConnection();
        Assert.Equal(AppsSqlite, jobs.Database.ExecuteScalar<string>("SELECT sqlite_version()"));
    }
}
