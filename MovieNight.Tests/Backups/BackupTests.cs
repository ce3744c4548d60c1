using System.Net;
using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Backups;

namespace MovieNight.Tests.Backups;

/// <summary>Nightly backups: a consistent copy, the newest kept, listed and downloadable by admins, restorable by the CLI.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    private DatabaseBackups Backups => app.Services.GetRequiredService<DatabaseBackups>();

    [Fact]
    public async Task The_nightly_backup_is_a_recurring_job_in_the_household_time_zone()
    {
        app.CreateClient(); // starts the app and its hosted services
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs([NightlyBackupJob.JobId]).Single();
        Assert.Equal("30 3 * * *", job.Cron);
        Assert.Equal("Europe/Budapest", job.TimeZoneId);
        await app.Services.GetRequiredService<NightlyBackupJob>().RunAsync();
        Assert.Single(Backups.List());
    }

    [Fact]
    public async Task Only_the_newest_backups_are_kept_and_no_temporary_file_is_left()
    {
        using var keepThree = new MovieNightApp().With("Backups:Keep", "3");
        var backups = keepThree.Services.GetRequiredService<DatabaseBackups>();
        var names = new List<string>();
        for (var night = 0; night < 5; night++)
        {
            names.Add((await backups.CreateAsync()).Name);
            keepThree.Clock.Advance(TimeSpan.FromDays(1));
        }
        Assert.Equal(names.TakeLast(3).Reverse(), backups.List().Select(b => b.Name));
        Assert.Equal(names.TakeLast(3).Order(), Directory.GetFiles(keepThree.Data.File("backups")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task An_admin_backs_up_now_sees_the_list_and_downloads_a_backup()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var client = await app.SignedInClientAsync(erik, "4821");
        var page = await client.GetPageAsync("/Admin/Backups");
        Assert.Contains("No backups yet", page.Text);

        var made = await client.SubmitAsync(page, page.Form("form[action*=BackUpNow]"));
        Assert.Equal(HttpStatusCode.Redirect, made.Status);
        var listed = await client.GetPageAsync("/Admin/Backups");
        var link = listed.Document.QuerySelector("ul.backups a")!;
        Assert.Contains("Backed up as", listed.Text);

        var download = await client.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal("SQLite format 3\0", System.Text.Encoding.ASCII.GetString(bytes, 0, 16));
        // Nothing outside the backups folder is served.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Admin/Backups?handler=Download&name=..%2Fmovienight.db")).StatusCode);
    }

    [Fact]
    public async Task Backups_are_for_admins_only()
    {
        await app.CreateMemberAsync("Erik", admin: true);
        var timea = await app.CreateMemberAsync("Timea", pin: "1234");
        var client = await app.SignedInClientAsync(timea);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Backups")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().GetAsync("/Admin/Backups")).StatusCode);
    }

    [Fact]
    public async Task A_backup_restores_to_identical_data()
    {
        var data = new TempDirectory();
        try
        {
            string backup, atBackup;
            using (var first = new MovieNightApp(data))
            {
                await first.CreateMemberAsync("Erik", pin: "4821", admin: true);
                await first.CreateMemberAsync("Jázmin", pin: "1234", icon: "🦄");
                backup = Path.Combine(data.Path, "backups", (await first.Services.GetRequiredService<DatabaseBackups>().CreateAsync()).Name);
                atBackup = Dump(first.Db.ConnectionString);
                await first.CreateMemberAsync("Added after the backup");
                Assert.NotEqual(atBackup, Dump(first.Db.ConnectionString));
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the app is stopped: nothing holds the file

            var output = new StringWriter();
            var error = new StringWriter();
            var exit = Cli.Run(["restore", backup, "--db", data.File("movienight.db")], output, error, TimeProvider.System, null);
            Assert.True(exit == 0, error.ToString());
            Assert.Contains("Restored", output.ToString());

            using var restored = new MovieNightApp(data);
            Assert.Equal(HttpStatusCode.OK, (await restored.NewClient().GetAsync("/healthz")).StatusCode);
            Assert.Equal(atBackup, Dump(restored.Db.ConnectionString));
            using var connection = restored.Db.OpenConnection();
            Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
        }
        finally
        {
            data.Dispose();
        }
    }

    [Fact]
    public void Restore_refuses_a_file_that_is_not_a_sound_MovieNight_database()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("garbage.db"), "not a database at all, just text that is long enough to be read");
        var error = new StringWriter();
        Assert.Equal(1, Cli.Run(["restore", folder.File("garbage.db"), "--db", folder.File("movienight.db")], new StringWriter(), error, TimeProvider.System, null));
        Assert.Contains("garbage.db", error.ToString());
        Assert.False(File.Exists(folder.File("movienight.db")));
    }

    [Fact]
    public void Restore_refuses_a_backup_from_a_newer_version()
    {
        using var folder = new TempDirectory();
        var newer = folder.File("newer.db");
        new Migrator(Sqlite.ConnectionString(newer)).Migrate();
        using (var connection = Sqlite.Open(Sqlite.ConnectionString(newer)))
            connection.Execute("INSERT INTO schema_journal (version, name, applied_at) VALUES (9999, 'future', '2030-01-01T00:00:00.000Z')");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var error = new StringWriter();
        Assert.Equal(1, Cli.Run(["restore", newer, "--db", folder.File("movienight.db")], new StringWriter(), error, TimeProvider.System, null));
        Assert.False(File.Exists(folder.File("movienight.db")));
    }

    /// <summary>Every row of every table, in a stable order, as text.</summary>
    private static string Dump(string connectionString)
    {
        using var connection = Sqlite.Open(connectionString);
        var text = new System.Text.StringBuilder();
        foreach (var table in connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        {
            text.AppendLine($"# {table}");
            foreach (IDictionary<string, object?> row in connection.Query($"SELECT * FROM \"{table}\" ORDER BY rowid"))
                text.AppendLine(string.Join(" | ", row.Select(c => $"{c.Key}={c.Value}")));
        }
        return text.ToString();
    }
}
