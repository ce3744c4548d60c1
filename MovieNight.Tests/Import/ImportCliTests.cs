using MovieNight.Migrations;

namespace MovieNight.Tests.Import;

/// <summary>The import-json and migrate commands, run in-process through <see cref="Cli.Run(string[], TextWriter, TextWriter)"/>.</summary>
public sealed class ImportCliTests
{
    private sealed record Result(int ExitCode, string Output, string Error);

    private static Result Run(string? tzVariable, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = Cli.Run(args, output, error, TimeProvider.System, tzVariable);
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Import_json_prints_the_report_and_exits_zero()
    {
        using var db = new ImportDatabase(migrate: false);

        var result = Run(null, "import-json", ImportDatabase.Sample("v2-household.json"), "--db", db.Path, "--tz", "Europe/Budapest");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.StartsWith("Imported v2-household.json:", result.Output);
        Assert.Matches(@"Nominations:\s+19", result.Output);
        Assert.Matches(@"Votes:\s+34", result.Output);
        Assert.Contains("$.history[0].votes['1768320000011']", result.Output);
        Assert.Equal(19, db.Count("nominations"));
    }

    [Fact]
    public void Import_json_a_second_time_says_it_was_already_imported()
    {
        using var db = new ImportDatabase(migrate: false);
        Run(null, "import-json", ImportDatabase.Sample("v1-data.json"), "--db", db.Path);

        var again = Run(null, "import-json", "--db", db.Path, ImportDatabase.Sample("v1-data.json"));

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already imported", again.Output);
        Assert.Equal(7, db.Count("nominations"));
    }

    [Fact]
    public void Import_json_dry_run_prints_the_counts_and_creates_no_database()
    {
        using var db = new ImportDatabase(migrate: false);

        var result = Run(null, "import-json", ImportDatabase.Sample("telegram-mixed-voting.json"), "--dry-run", "--db", db.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Dry run of telegram-mixed-voting.json: nothing was written.", result.Output);
        Assert.Matches(@"Votes:\s+36", result.Output);
        Assert.False(File.Exists(db.Path));
    }

    [Fact]
    public void Import_json_of_a_broken_file_prints_the_path_on_stderr_and_exits_non_zero()
    {
        using var db = new ImportDatabase();

        var result = Run(null, "import-json", ImportDatabase.Sample("broken-wrong-type.json"), "--db", db.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.StartsWith("$.history[3].allMovies[1].tmdbId: expected a number, found a string", result.Error);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Fact]
    public void Import_json_of_a_missing_file_is_an_error()
    {
        using var db = new ImportDatabase();

        var result = Run(null, "import-json", db.Directory.File("nope.json"), "--db", db.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope.json", result.Error);
    }

    [Fact]
    public void Import_json_of_an_empty_path_is_an_error_not_a_crash()
    {
        using var db = new ImportDatabase();

        var result = Run(null, "import-json", "", "--db", db.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.NotEqual("", result.Error);
    }

    [Fact]
    public void Import_json_takes_the_household_time_zone_from_TZ_when_no_tz_option_is_given()
    {
        const string json = """{"movies": [{"id": "1", "tmdbId": 603, "title": "The Matrix", "proposedBy": "Erik", "proposedAt": "2026-02-01T23:30:00.000Z"}]}""";
        using var budapest = new ImportDatabase(migrate: false);
        using var utc = new ImportDatabase(migrate: false);

        Assert.Equal(0, Run("Europe/Budapest", "import-json", budapest.WriteFile("data.json", json), "--db", budapest.Path).ExitCode);
        Assert.Equal(0, Run(null, "import-json", utc.WriteFile("data.json", json), "--db", utc.Path).ExitCode);

        Assert.Equal("2026-W06", budapest.Scalar<string>("SELECT week FROM nominations"));
        Assert.Equal("2026-W05", utc.Scalar<string>("SELECT week FROM nominations"));
    }

    [Fact]
    public void An_unknown_time_zone_is_an_error()
    {
        using var db = new ImportDatabase();

        var result = Run(null, "import-json", ImportDatabase.Sample("v1-data.json"), "--db", db.Path, "--tz", "Mars/Olympus_Mons");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Mars/Olympus_Mons", result.Error);
        Assert.Equal(RowCounts.Empty, db.Rows());
    }

    [Theory]
    [InlineData]
    [InlineData("import-json")]
    [InlineData("import-json", "data.json")]
    [InlineData("import-json", "--db", "x.db")]
    [InlineData("import-json", "data.json", "--db")]
    [InlineData("import-json", "data.json", "--db", "x.db", "--force")]
    [InlineData("import-json", "a.json", "b.json", "--db", "x.db")]
    [InlineData("migrate")]
    [InlineData("migrate", "--db", "x.db", "--dry-run")]
    [InlineData("export", "--db", "x.db")]
    public void Wrong_arguments_print_usage_and_exit_two(params string[] args)
    {
        var result = Run(null, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("import-json <data.json> --db <file>", result.Error);
    }

    [Fact]
    public void Migrate_brings_a_new_database_up_to_date_then_reports_nothing_to_do()
    {
        using var db = new ImportDatabase(migrate: false);

        var first = Run(null, "migrate", "--db", db.Path);
        var second = Run(null, "migrate", "--db", db.Path);

        Assert.Equal((0, $"Applied {Migrator.Scripts.Count} migration(s).{Environment.NewLine}"), (first.ExitCode, first.Output));
        Assert.Equal((0, $"Database is up to date.{Environment.NewLine}"), (second.ExitCode, second.Output));
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("import-json")]
    [InlineData("import-json-dry-run")]
    public void A_database_file_that_is_not_a_database_is_refused_with_a_clear_message(string command)
    {
        using var db = new ImportDatabase(migrate: false);
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251)).ToArray();
        File.WriteAllBytes(db.Path, garbage);
        string[] args = command switch
        {
            "migrate" => ["migrate", "--db", db.Path],
            "import-json" => ["import-json", ImportDatabase.Sample("v1-data.json"), "--db", db.Path],
            _ => ["import-json", ImportDatabase.Sample("v1-data.json"), "--db", db.Path, "--dry-run"],
        };

        var result = Run(null, args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a database", result.Error);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(garbage, File.ReadAllBytes(db.Path));
    }
}
