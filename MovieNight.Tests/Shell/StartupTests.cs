using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;

namespace MovieNight.Tests.Shell;

public sealed class StartupTests
{
    [Fact]
    public async Task A_database_from_a_newer_app_is_refused_and_left_unchanged()
    {
        using var data = new TempDirectory();
        var path = data.File("movienight.db");
        new Migrator(Sqlite.ConnectionString(path)).Migrate();
        await using (var connection = Sqlite.Open(Sqlite.ConnectionString(path)))
            await connection.ExecuteAsync("INSERT INTO schema_journal VALUES (9999, 'from_the_future', '2030-01-01')");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(path);

        using (var app = new MovieNightApp(data))
            Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var refused = Assert.Throws<DatabaseRefusedException>(() => new Migrator(Sqlite.ConnectionString(path)).Migrate());
        Assert.Contains("written by a newer version of MovieNight (schema version 9999", refused.Message);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_data_json_in_the_data_directory_is_imported_at_first_start_and_its_report_shown_to_the_admin()
    {
        using var data = new TempDirectory();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Import", "Samples", "v2-household.json"), data.File("data.json"));
        using var app = new MovieNightApp(data);

        var members = await app.Members.ListAsync(includeInactive: true);
        Assert.Equal(["Erik", "Timea", "Jázmin", "Niki"], members.Select(m => m.Name));
        var erik = members.Single(m => m.IsAdmin);

        var client = await app.SignedInClientAsync(erik, "4821");
        var home = await client.GetPageAsync("/");
        Assert.Contains("Read the import report", home.Text);
        var report = await client.GetPageAsync("/Admin/Import");
        Assert.Contains("v2-household.json", report.Text.Replace("data.json", "v2-household.json"));
        Assert.Contains("Nominations", report.Text);
        Assert.Contains("19", report.Document.QuerySelectorAll(".counts dd").Select(d => d.TextContent));
        Assert.DoesNotContain("Read the import report", (await client.GetPageAsync("/")).Text);
        Assert.True(File.Exists(data.File("data.json")));
    }

    [Fact]
    public async Task A_broken_data_json_at_first_start_is_explained_on_the_setup_page_and_imports_nothing()
    {
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(data.File("data.json"), "{\"users\": {\"Erik\": {\"icon\": \"x\", \"pin\": \"1234\"}");
        using var app = new MovieNightApp(data);
        var setup = await app.NewClient().GetPageAsync("/Setup");
        Assert.Contains("could not be imported", setup.Text);
        Assert.False(await app.Members.AnyAsync());
    }
}
