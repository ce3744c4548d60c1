using Dapper;
using Microsoft.Extensions.Options;
using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Web.Data;

/// <summary>The app's way to run the old app's importers: its database, time zone, clock, token vault and old key.</summary>
public static class LegacyImports
{
    public static LegacyImporter Importer(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<MovieNightOptions>>().Value;
        return new LegacyImporter(services.GetRequiredService<Db>().ConnectionString, options.HouseholdTimeZone,
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<TokenVault>);
    }

    /// <summary>The old app read TRAKT_ENCRYPTION_KEY as 64 hex digits; a household moving over keeps it.</summary>
    public static byte[]? OldKey(IServiceProvider services) =>
        OldAppTokens.TryParseKey(services.GetRequiredService<IConfiguration>()["TRAKT_ENCRYPTION_KEY"], out var key) ? key : null;

    /// <summary>Adds to the stored report that data.json was there too and left alone, so the admin knows which file was used.</summary>
    public static void NoteIgnoredDataJson(Db db, ImportReport report)
    {
        var noted = report with
        {
            Warnings = [.. report.Warnings, new SkippedRecord("data.json",
                "also in the data folder, and not imported: movie-night.db was, since the old app's last versions keep everything there and stopped updating data.json")],
        };
        using var connection = db.OpenConnection();
        connection.Execute("UPDATE legacy_imports SET report = @report WHERE file_name = @fileName AND id = (SELECT max(id) FROM legacy_imports)",
            new { report = noted.ToJson(), fileName = report.FileName });
    }
}
