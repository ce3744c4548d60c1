using System.Security.Cryptography;
using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Import;

/// <summary>Refusals, idempotence, dry runs, the CLI, and that the old app's file is never changed.</summary>
public sealed class OldSqliteSafetyTests
{
    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Theory]
    [InlineData("not SQLite")]
    [InlineData("truncated")]
    [InlineData("MovieNight's own database")]
    [InlineData("without week_results")]
    public void A_file_that_is_not_the_old_apps_database_is_refused_and_nothing_is_written(string kind)
    {
        using var db = new ImportDatabase();
        var path = db.Directory.File("movie-night.db");
        switch (kind)
        {
            case "not SQLite":
                File.WriteAllText(path, """{"users": {}}""");
                break;
            case "truncated":
                using (var other = new ImportDatabase()) File.Copy(OldAppHousehold.Write(other, null), db.Directory.File("full.db"));
                var bytes = File.ReadAllBytes(db.Directory.File("full.db"));
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            case "MovieNight's own database":
                File.Copy(db.Path, path);
                break;
            default:
                using (var old = new OldAppDatabaseBuilder(path)) old.Execute("DROP TABLE week_results");
                break;
        }
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<LegacyImportException>(() => OldAppHousehold.Import(db, path, null));

        Assert.StartsWith("movie-night.db", error.Message);
        Assert.Contains("nothing was imported", error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_bad_value_is_refused_naming_its_table_row_and_column()
    {
        using var db = new ImportDatabase();
        var path = OldAppHousehold.Write(db, null);
        using (var old = new OldAppDatabaseBuilder(path)) old.Execute("UPDATE watch_history SET rating = 7 WHERE tmdb_id = 8587");

        var error = Assert.Throws<LegacyImportException>(() => OldAppHousehold.Import(db, path, null));

        Assert.Equal("watch_history[id=3].rating: expected 1 to 5 stars, found 7", error.Message);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Fact]
    public void Importing_the_same_database_twice_changes_nothing_the_second_time()
    {
        using var db = new ImportDatabase();
        var path = OldAppHousehold.Write(db, null);
        OldAppHousehold.Import(db, path, null);
        var afterFirst = db.Rows();
        var links = db.Count("trakt_auth");

        var second = OldAppHousehold.Import(db, path, null);

        Assert.True(second.AlreadyImported);
        Assert.Equal(afterFirst, db.Rows());
        Assert.Equal(links, db.Count("trakt_auth"));
    }

    [Fact]
    public void The_old_file_and_its_wal_stay_byte_for_byte_unchanged()
    {
        using var db = new ImportDatabase();
        using var source = new TempDirectory();
        var path = Path.Combine(source.Path, "movie-night.db");
        using var old = new OldAppDatabaseBuilder(path);
        // Still open, as when the old app was stopped abruptly: its latest rows are only in the WAL.
        old.UpsertUser("Erik", "🎬", "1234");
        old.AddNomination("2026-W04", 27205, "Inception", "Erik");
        var before = Hashes(source.Path);
        Assert.Contains("movie-night.db-wal", before.Keys);

        var report = OldAppHousehold.Import(db, path, null);

        Assert.Equal((1, 1), (report.Members, report.Nominations));
        Assert.Equal(before, Hashes(source.Path));
    }

    [Fact]
    public void A_dry_run_writes_nothing_creates_no_key_file_and_reports_the_same_counts()
    {
        using var db = new ImportDatabase();
        var path = OldAppHousehold.Write(db, null);

        var dry = OldAppHousehold.Import(db, path, null, dryRun: true);

        Assert.True(dry.DryRun);
        Assert.Equal(RowCounts.Empty, db.Rows());
        Assert.False(File.Exists(db.Directory.File(TokenVaultKey.FileName)));
        var real = OldAppHousehold.Import(db, path, null);
        Assert.Equal(real with { DryRun = true }, dry with { Skipped = real.Skipped, Warnings = real.Warnings });
    }

    [Fact]
    public void The_cli_imports_with_the_old_key_and_seals_with_the_key_file_beside_the_database()
    {
        using var db = new ImportDatabase(migrate: false);
        var key = OldAppDatabaseBuilder.NewKey();
        var path = OldAppHousehold.Write(db, key);
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = Cli.Run(["import-sqlite", path, "--db", db.Path, "--old-key", Convert.ToHexString(key)], output, error, db.Time, null);

        Assert.Equal((0, ""), (exit, error.ToString()));
        Assert.StartsWith("Imported movie-night.db:", output.ToString());
        Assert.Matches(@"Trakt links:\s+2", output.ToString());
        Assert.True(File.Exists(db.Directory.File(TokenVaultKey.FileName)));
        Assert.Equal(OldAppHousehold.ErikAccess, OldAppHousehold.Vault(db).Open(
            db.Scalar<string>("SELECT access_token FROM trakt_auth WHERE trakt_slug = 'erikwatches'"),
            TokenVault.TraktAccessPurpose(db.Scalar<long>("SELECT id FROM users WHERE name = 'Erik'"))));
    }

    [Fact]
    public void The_cli_takes_the_old_key_from_trakt_encryption_key_and_refuses_a_malformed_old_key()
    {
        using var db = new ImportDatabase(migrate: false);
        var key = OldAppDatabaseBuilder.NewKey();
        var path = OldAppHousehold.Write(db, key);

        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(1, Cli.Run(["import-sqlite", path, "--db", db.Path, "--old-key", "abc"], output, error, db.Time, null));
        Assert.Contains("--old-key must be", error.ToString());
        Assert.False(File.Exists(db.Path));

        Assert.Equal(0, Cli.Run(["import-sqlite", path, "--db", db.Path], output, error, db.Time, null, Convert.ToHexString(key)));
        Assert.Matches(@"Trakt links:\s+2", output.ToString());
    }

    [Fact]
    public void The_cli_refuses_a_file_that_is_not_the_old_database_with_exit_code_one()
    {
        using var db = new ImportDatabase(migrate: false);
        var path = db.WriteFile("movie-night.db", "hello");
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(1, Cli.Run(["import-sqlite", path, "--db", db.Path], output, error, db.Time, null));
        Assert.Contains("not SQLite", error.ToString());
    }
}
