using Microsoft.Extensions.DependencyInjection;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Backups;

namespace MovieNight.Tests.Backups;

/// <summary>The data directory is 0700 and every file in it 0600: the database, its WAL, jobs.db, keys, backups, the Trakt key file.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;

    private static void AssertAllPrivate(string root)
    {
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(root));
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).ToList())
        {
            UnixFileMode mode;
            try { mode = File.GetUnixFileMode(entry); }
            catch (FileNotFoundException) { continue; } // a -wal or -shm removed as its last connection closed
            Assert.True(mode == (Directory.Exists(entry) ? PrivateDirectory : Private), $"{entry} is {mode}");
        }
    }

    [Fact]
    public async Task Every_file_the_app_writes_is_private_to_its_user()
    {
        using var folder = new TempDirectory();
        var data = Path.Combine(folder.Path, "data"); // created by the app
        using var app = new MovieNightApp(folder).With("MOVIENIGHT_DATA_DIR", data);
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        await app.SignedInClientAsync(erik, "4821"); // writes a Data Protection key
        await app.Services.GetRequiredService<DatabaseBackups>().CreateAsync();

        // Other tests clear SQLite's process-wide pool, which removes the -wal and -shm with the last
        // connection: this test's own connection keeps them while it looks.
        using var open = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "movienight.db")};Pooling=False");
        open.Open();
        using (var read = open.CreateCommand()) { read.CommandText = "SELECT count(*) FROM users"; read.ExecuteScalar(); }
        foreach (var name in new[] { "movienight.db", "movienight.db-wal", "movienight.db-shm", "jobs.db", "trakt-encryption.key", "keys", "backups" })
            Assert.True(Path.Exists(Path.Combine(data, name)), $"{name} is missing");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "keys")));
        AssertAllPrivate(data);
    }

    [Fact]
    public async Task Files_an_older_version_left_readable_are_made_private_at_start()
    {
        using var data = new TempDirectory();
        const UnixFileMode everyoneReads = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        using (var older = new MovieNightApp(data))
        {
            await older.CreateMemberAsync("Erik", admin: true);
            await older.NewClient().GetAsync("/");
        }
        foreach (var file in Directory.GetFiles(data.Path, "*", SearchOption.AllDirectories)) File.SetUnixFileMode(file, everyoneReads);
        File.SetUnixFileMode(data.Path, PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        using var restarted = new MovieNightApp(data);
        await restarted.NewClient().GetAsync("/");
        AssertAllPrivate(data.Path);
    }
}
