using Dapper;
using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Web.Data;

/// <summary>What happened to a data.json found at first start, for the setup page to explain.</summary>
public sealed class FirstStartImport
{
    public string? Error { get; set; }
}

/// <summary>
/// Runs before the app serves its first request: migrates the database (refusing a newer or
/// corrupt one), then imports the old app's data.json into an empty household.
/// </summary>
public static class DatabaseStartup
{
    public static void Run(Db db, MovieNightOptions options, TimeProvider time, FirstStartImport firstStart, ILogger logger)
    {
        var applied = new Migrator(db.ConnectionString, time).Migrate();
        // Files an older version (or a copied-in backup) left readable to others become the app user's alone.
        foreach (var path in PrivateFiles.Secure(options.FullDataDirectory))
            logger.LogWarning("Could not make {Path} private (0600/0700): it belongs to another user", path);
        if (applied.Count > 0)
            logger.LogInformation("Applied {Count} migration(s) to {Path}", applied.Count, options.DatabasePath);
        // Which native SQLite the app runs on (Hangfire's packages bring another; the build keeps one).
        using (var connection = db.OpenConnection())
            logger.LogInformation("Running on SQLite {Version}", connection.ExecuteScalar<string>("SELECT sqlite_version()"));

        if (!File.Exists(options.LegacyDataFile)) return;
        using (var connection = db.OpenConnection())
        {
            if (connection.ExecuteScalar<long>("SELECT count(*) FROM users") > 0) return;
        }
        try
        {
            var report = new LegacyImporter(db.ConnectionString, options.HouseholdTimeZone, time).Import(options.LegacyDataFile);
            logger.LogInformation("Imported {File}: {Members} members, {Nominations} nominations", options.LegacyDataFile, report.Members, report.Nominations);
        }
        catch (LegacyImportException e)
        {
            // The app still starts: the setup page shows why, and nothing was written.
            firstStart.Error = e.Message;
            logger.LogError("Could not import {File}: {Message}", options.LegacyDataFile, e.Message);
        }
    }
}
