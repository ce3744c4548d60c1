using Dapper;
using MovieNight.Web.Household;
using MovieNight.Web.Http;

namespace MovieNight.Web.Data;

/// <summary>
/// Notices an import made into this app's database while it runs (the CLI in the container, or the
/// admin's upload) and drops what the app holds in memory, the members and the cached pages, so the
/// imported household shows without a restart. Every import adds a legacy_imports row; polling its
/// newest id costs one indexed read every few seconds.
/// </summary>
public sealed class ImportWatcher(Db db, MemberStore members, PageCache cache, ILogger<ImportWatcher> logger) : BackgroundService
{
    /// <summary>Real time, not the household clock: this is how soon an import shows, not a rule of the week.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private long lastSeen = -1;

    /// <summary>Drops the members and cached pages if an import committed since the last look.</summary>
    public async Task CheckAsync()
    {
        long newest;
        await using (var connection = db.OpenConnection())
            newest = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM legacy_imports");
        var previous = Interlocked.Exchange(ref lastSeen, newest);
        if (previous == -1 || previous == newest) return;
        await members.ReloadAsync();
        await cache.HouseholdChangedAsync();
        logger.LogInformation("An import into the database was found; members and pages reloaded");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            try
            {
                await CheckAsync();
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // A busy or briefly unavailable database: the next tick looks again.
                logger.LogWarning("Could not check for imports: {Message}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
