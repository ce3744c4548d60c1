using System.Security.Cryptography;
using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Tests.Import;

/// <summary>Idempotency, dry runs, tolerated file quirks, and that the source file is only read.</summary>
public sealed class ImportSafetyTests
{
    [Fact]
    public void Importing_the_same_file_twice_writes_nothing_the_second_time()
    {
        using var db = new ImportDatabase();
        db.ImportSample("v2-household.json");
        var afterFirst = db.Rows();

        var second = db.ImportSample("v2-household.json");

        Assert.True(second.AlreadyImported);
        Assert.Equal(ImportDatabase.Now, second.PreviouslyImportedAt);
        Assert.Equal((0, 0, 0), (second.Members, second.Nominations, second.Votes));
        Assert.Contains("already imported", second.ToText());
        Assert.Equal(afterFirst, db.Rows());
    }

    [Fact]
    public void Importing_a_copy_of_an_imported_file_under_another_name_is_recognised_by_its_bytes()
    {
        using var db = new ImportDatabase();
        db.ImportSample("v1-data.json");
        var copy = db.Directory.File("backup-of-data.json");
        File.Copy(ImportDatabase.Sample("v1-data.json"), copy);

        Assert.True(db.Import(copy).AlreadyImported);
    }

    [Fact]
    public void Importing_records_the_file_hash_and_the_report_for_the_app_to_show()
    {
        using var db = new ImportDatabase();
        var report = db.ImportSample("v2-household.json");

        var row = db.Query<(string Sha, string Name, string ImportedAt, string Report, long Seen)>(
            "SELECT file_sha256, file_name, imported_at, report, report_seen FROM legacy_imports").Single();

        var expectedSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(ImportDatabase.Sample("v2-household.json"))));
        Assert.Equal((expectedSha, "v2-household.json", "2026-01-22T12:00:00.000Z", 0L), (row.Sha, row.Name, row.ImportedAt, row.Seen));
        var stored = ImportReport.FromJson(row.Report);
        Assert.Equal(report.ToJson(), stored.ToJson());
        Assert.Equal(report.ToText(), stored.ToText());
        Assert.Contains("5★ here", row.Report); // readable, not \u2605-escaped
    }

    [Fact]
    public void Report_survives_a_json_round_trip()
    {
        var report = new ImportReport
        {
            FileName = "data.json", DryRun = true, Members = 4, Weeks = 5, Nominations = 19, Votes = 34, Ratings = 20, Watches = 20,
            WeekHistoryRows = 4, AdminName = "Jázmin 👧",
            Skipped = [new SkippedRecord("$.history[0].votes['1']", "no nomination \"1\" <withdrawn>")],
            Warnings = [new SkippedRecord("$.currentWeek.nominations[1].votes", "the bot counted 3")],
        };

        var copy = ImportReport.FromJson(report.ToJson());

        Assert.Equal(report.ToJson(), copy.ToJson());
        Assert.Equal(report.Skipped, copy.Skipped);
        Assert.Equal(report.Warnings, copy.Warnings);
        Assert.Equal(report with { Skipped = copy.Skipped, Warnings = copy.Warnings }, copy);
    }

    [Fact]
    public void Dry_run_writes_nothing_but_reports_the_same_counts_as_the_real_import()
    {
        using var db = new ImportDatabase();

        var dryRun = db.ImportSample("telegram-mixed-voting.json", dryRun: true);
        Assert.Equal(RowCounts.Empty, db.Rows());
        var real = db.ImportSample("telegram-mixed-voting.json");

        Assert.True(dryRun.DryRun);
        Assert.False(real.DryRun);
        Assert.Equal(real with { DryRun = true, Skipped = dryRun.Skipped, Warnings = dryRun.Warnings }, dryRun);
        Assert.Equal(real.Skipped, dryRun.Skipped);
        Assert.StartsWith("Dry run of telegram-mixed-voting.json: nothing was written.", dryRun.ToText());
    }

    [Fact]
    public void Dry_run_against_a_missing_database_file_does_not_create_it()
    {
        using var db = new ImportDatabase(migrate: false);

        var report = db.ImportSample("v2-household.json", dryRun: true);

        Assert.Equal(19, report.Nominations);
        Assert.False(File.Exists(db.Path));
    }

    [Fact]
    public void Dry_run_leaves_an_existing_database_file_byte_for_byte_unchanged()
    {
        using var db = new ImportDatabase();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(db.Path);

        db.ImportSample("v2-household.json", dryRun: true);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal(before, File.ReadAllBytes(db.Path));
    }

    [Fact]
    public void Dry_run_finds_the_same_errors_as_a_real_import()
    {
        using var db = new ImportDatabase();

        var error = Assert.Throws<LegacyImportException>(() => db.ImportSample("broken-wrong-type.json", dryRun: true));

        Assert.Equal("$.history[3].allMovies[1].tmdbId", error.JsonPath);
    }

    [Fact]
    public void Importing_into_a_new_database_file_migrates_it_first()
    {
        using var db = new ImportDatabase(migrate: false);

        db.ImportSample("v1-data.json");

        Assert.Equal(Migrator.LatestVersion, new Migrator(db.ConnectionString).CurrentVersion());
        Assert.Equal(7, db.Count("nominations"));
    }

    [Theory]
    [InlineData("v2-household-bom.json")]
    [InlineData("v2-household-crlf.json")]
    public void Importing_a_file_saved_by_a_windows_editor_gives_the_same_result(string file)
    {
        var bytes = File.ReadAllBytes(ImportDatabase.Sample(file));
        Assert.True(bytes.AsSpan().StartsWith("\uFEFF"u8) || bytes.AsSpan().IndexOf("\r\n"u8) >= 0, "the sample lost its BOM/CRLF");
        using var db = new ImportDatabase();

        var report = db.ImportSample(file);

        Assert.Equal(new RowCounts(4, 19, 34, 20, 4, 1), db.Rows());
        Assert.Equal(4, report.Members);
        Assert.True(PinHasher.Verify(db.Scalar<string>("SELECT pin FROM users WHERE name = 'Jázmin'"), "2468"));
    }

    [Fact]
    public void Importing_a_file_saved_as_utf16_by_notepad_gives_the_same_result()
    {
        using var db = new ImportDatabase();
        var text = File.ReadAllText(ImportDatabase.Sample("v2-household.json"));
        var path = db.Directory.File("data.json");
        File.WriteAllText(path, text, new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true));

        db.Import(path);

        Assert.Equal(new RowCounts(4, 19, 34, 20, 4, 1), db.Rows());
        Assert.Equal("👨‍💼", db.Scalar<string>("SELECT icon FROM users WHERE name = 'Erik'"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    public void Importing_an_empty_file_is_an_error(string content)
    {
        using var db = new ImportDatabase();

        var error = Assert.Throws<LegacyImportException>(() => db.ImportJson(content));

        Assert.Equal("$", error.JsonPath);
        Assert.Contains("malformed or truncated", error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Fact]
    public void Importing_never_modifies_the_source_file()
    {
        using var db = new ImportDatabase();
        var path = db.Directory.File("data.json");
        File.Copy(ImportDatabase.Sample("v2-household.json"), path);
        var before = File.ReadAllBytes(path);
        var writtenAt = File.GetLastWriteTimeUtc(path);

        db.Import(path);
        db.Import(path);
        db.Import(path, dryRun: true);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Importing_a_recognisable_but_empty_file_succeeds_with_zero_counts()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson("""{"movies": []}""");

        Assert.Equal((0, 0, 0, 0, 0, 0), (report.Members, report.Weeks, report.Nominations, report.Votes, report.Watches, report.WeekHistoryRows));
        Assert.Null(report.AdminName);
        Assert.Equal(RowCounts.Empty with { Imports = 1 }, db.Rows());
    }

    [Fact]
    public void Importing_tolerates_unknown_fields_and_missing_optional_ones()
    {
        using var db = new ImportDatabase();

        var report = db.ImportJson(BrokenFileTests.Household("""
            "schemaVersion": 2, "theme": {"dark": true},
            "currentWeek": {"weekNumber": "2026-W04", "phase": "nomination", "mdblist": [1, 2],
              "nominations": [{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "trailer": {"site": "YouTube"}}]},
            "history": [{"weekNumber": "2026-W03", "firstPlace": null, "secondPlace": null}]
            """));

        Assert.Equal((3, 2, 1, 1), (report.Members, report.Weeks, report.Nominations, report.WeekHistoryRows));
        var matrix = db.Query<(string? Year, string? ImdbId, string? Poster, string? Overview, double? Rating, string? ProposedAt)>(
            "SELECT year, imdb_id, poster_path, overview, rating, proposed_at FROM nominations").Single();
        Assert.Equal((null, null, null, null, null, null), matrix);
        Assert.Equal([((long?)null, (long?)null)], db.Query<(long?, long?)>("SELECT first_place_id, second_place_id FROM week_history WHERE week = '2026-W03'"));
    }
}
