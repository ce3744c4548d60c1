using System.Net;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Household;

namespace MovieNight.Tests.Household;

/// <summary>PIN hashes are peppered with a secret in the keys folder: the database alone does not give PINs away.</summary>
public sealed class PinPepperTests : IDisposable
{
    private readonly MovieNightApp app = new();

    public void Dispose() => app.Dispose();

    private async Task<string> StoredHashAsync(long memberId)
    {
        await using var connection = app.Db.OpenConnection();
        return await connection.QuerySingleAsync<string>("SELECT pin FROM users WHERE id = @memberId", new { memberId });
    }

    [Fact]
    public async Task A_copy_of_the_database_alone_cannot_check_a_pin()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        var stored = await StoredHashAsync(erik.Id);
        // What an attacker with only the database would try: every PIN against the stored PBKDF2 hash.
        Assert.False(PinHasher.Verify(stored.Split(':').Last(), "4821"));
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().SignInAsync(erik, "4821")).Status);
    }

    [Fact]
    public void The_pepper_file_is_private_to_the_app()
    {
        var path = Path.Combine(app.Data.Path, "keys", PinPepper.FileName);
        _ = app.Services; // starts the app, which creates the pepper
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(path)).Length);
    }

    [Fact]
    public async Task An_older_unpeppered_hash_still_signs_in_and_is_upgraded_then()
    {
        var erik = await app.CreateMemberAsync("Erik", pin: "4821", admin: true);
        await using (var connection = app.Db.OpenConnection())
            await connection.ExecuteAsync("UPDATE users SET pin = @pin WHERE id = @Id", new { pin = PinHasher.Hash("4821"), erik.Id });

        Assert.Contains("Wrong PIN", (await app.NewClient().SignInAsync(erik, "1111")).Text);
        Assert.True(PinHasher.Verify(await StoredHashAsync(erik.Id), "4821"));

        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().SignInAsync(erik, "4821")).Status);
        var upgraded = await StoredHashAsync(erik.Id);
        Assert.StartsWith("peppered-v1:", upgraded);
        Assert.False(PinHasher.Verify(upgraded.Split(':').Last(), "4821"));
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().SignInAsync(erik, "4821")).Status);
    }

    [Fact]
    public async Task The_pepper_survives_a_restart()
    {
        var data = new TempDirectory();
        try
        {
            Member erik;
            using (var first = new MovieNightApp(data))
                erik = await first.CreateMemberAsync("Erik", pin: "4821", admin: true);
            using var second = new MovieNightApp(data);
            Assert.Equal(HttpStatusCode.Redirect, (await second.NewClient().SignInAsync(erik, "4821")).Status);
        }
        finally
        {
            data.Dispose();
        }
    }
}
