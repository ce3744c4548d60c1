using Dapper;
using Microsoft.Extensions.Options;
using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Web.Data;

/// <summary>What happened to an old app's file found at first start, for the setup page to explain.</summary>
public sealed class FirstStartImport
{
    public string? Error { get; set; }
}

/// <summary>
/// Runs before the app serves its first request: migrates the database (refusing a newer or
/// corrupt one), then imports the old app's movie-night.db or data.json into an empty household.
/// </summary>
public static class DatabaseStartup
{
    public static void Run(IServiceProvider services, ILogger logger)
    {
        var db = services.GetRequiredService<Db>();
        var options = services.GetRequiredService<IOptions<MovieNightOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var applied = new Migrator(db.ConnectionString, time).Migrate();
        // Files an older version (or a copied-in backup) left readable to others become the app user's alone.
        foreach (var path in PrivateFiles.Secure(options.FullDataDirectory))
            logger.LogWarning("Could not make {Path} private (0600/0700): it belongs to another user", path);
        if (applied.Count > 0)
            logger.LogInformation("Applied {Count} migration(s) to {Path}", applied.Count, options.DatabasePath);
        // Which native SQLite the app runs on (Hangfire's packages bring another; the build keeps one).
        using (var connection = db.OpenConnection())
            logger.LogInformation("Running on SQLite {Version}", connection.ExecuteScalar<string>("SELECT sqlite_version()"));

        // The old app's last versions keep everything in movie-night.db and stopped writing data.json,
        // so when both are there the SQLite file is the newer truth.
        var file = File.Exists(options.LegacySqliteFile) ? options.LegacySqliteFile
            : File.Exists(options.LegacyDataFile) ? options.LegacyDataFile : null;
        if (file is null) return;
        using (var connection = db.OpenConnection())
        {
            if (connection.ExecuteScalar<long>("SELECT count(*) FROM users") > 0) return;
        }
        try
        {
            var report = LegacyImports.Importer(services).ImportAny(file, LegacyImports.OldKey(services));
            if (file == options.LegacySqliteFile && !report.AlreadyImported && File.Exists(options.LegacyDataFile))
                LegacyImports.NoteIgnoredDataJson(db, report);
            logger.LogInformation("Imported {File}: {Members} members, {Nominations} nominations, {TraktLinks} Trakt links",
                file, report.Members, report.Nominations, report.TraktLinks);
        }
        catch (LegacyImportException e)
        {
            // The app still starts: the setup page shows why, and nothing was written.
            services.GetRequiredService<FirstStartImport>().Error = e.Message;
            logger.LogError("Could not import {File}: {Message}", file, e.Message);
        }
    }
}
