using MovieNight.Migrations;
using System.Security.Cryptography;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Trakt;

namespace MovieNight.Tests.Trakt;

/// <summary>The token vault: AES-256-GCM with a versioned, nonce-carrying value; the key from the environment or an owner-only file.</summary>
public sealed class TokenVaultTests
{
    private static TokenVault NewVault(out TempDirectory data)
    {
        data = new TempDirectory();
        return new TokenVault(TokenVaultKey.Load(null, data.Path));
    }

    [Fact]
    public void A_sealed_token_opens_to_itself_and_does_not_show_it()
    {
        var vault = NewVault(out var data);
        using var _ = data;

        var sealedToken = vault.Seal("access-token-123", "trakt-access:1");

        Assert.StartsWith("v1:", sealedToken);
        Assert.DoesNotContain("access-token-123", sealedToken);
        Assert.NotEqual(sealedToken, vault.Seal("access-token-123", "trakt-access:1")); // a new nonce each time
        Assert.Equal("access-token-123", vault.Open(sealedToken, "trakt-access:1"));
    }

    [Fact]
    public void A_tampered_value_another_purpose_or_an_unknown_version_reads_as_nothing()
    {
        var vault = NewVault(out var data);
        using var _ = data;
        var sealedToken = vault.Seal("access-token-123", "trakt-access:1");
        var bytes = Convert.FromBase64String(sealedToken[3..]);
        bytes[^20] ^= 0x01;

        Assert.Null(vault.Open("v1:" + Convert.ToBase64String(bytes), "trakt-access:1"));
        Assert.Null(vault.Open(sealedToken, "trakt-access:2")); // copied to another member's row
        Assert.Null(vault.Open("v2:" + sealedToken[3..], "trakt-access:1"));
        Assert.Null(vault.Open("v1:not base64!", "trakt-access:1"));
        Assert.Null(vault.Open("v1:AAAA", "trakt-access:1"));
        Assert.Null(vault.Open("plain-old-token", "trakt-access:1"));
    }

    [Fact]
    public void A_value_sealed_under_another_key_reads_as_nothing()
    {
        var first = NewVault(out var one);
        var second = NewVault(out var two);
        using var _ = one;
        using var __ = two;

        Assert.Null(second.Open(first.Seal("access-token-123", "trakt-access:1"), "trakt-access:1"));
    }

    [Fact]
    public void Without_TRAKT_ENCRYPTION_KEY_a_key_file_only_its_owner_can_read_is_created_once()
    {
        using var data = new TempDirectory();

        var created = TokenVaultKey.Load(null, data.Path);
        var again = TokenVaultKey.Load(null, data.Path);

        Assert.True(created.CreatedNow);
        Assert.False(again.CreatedNow);
        Assert.Equal(created.Bytes, again.Bytes);
        Assert.Equal(32, created.Bytes.Length);
        var path = Path.Combine(data.Path, TokenVaultKey.FileName);
        Assert.Equal(path, created.FilePath);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void TRAKT_ENCRYPTION_KEY_is_read_as_hex_or_base64_and_no_file_is_made()
    {
        using var data = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);

        var fromHex = TokenVaultKey.Load(Convert.ToHexString(key).ToLowerInvariant(), data.Path);
        var fromBase64 = TokenVaultKey.Load($" {Convert.ToBase64String(key)}\n", data.Path);

        Assert.Equal(key, fromHex.Bytes);
        Assert.Equal(key, fromBase64.Bytes);
        Assert.Null(fromHex.FilePath);
        Assert.False(File.Exists(Path.Combine(data.Path, TokenVaultKey.FileName)));
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("0123456789abcdef0123456789abcdef")] // 16 bytes as hex
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // 50 bytes
    public void A_malformed_TRAKT_ENCRYPTION_KEY_stops_the_app_at_start_with_a_clear_message(string key)
    {
        using var app = new MovieNightApp().With("TRAKT_ENCRYPTION_KEY", key);

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var said = failure + string.Join("\n", app.Logs);
        Assert.Contains("TRAKT_ENCRYPTION_KEY must be 32 bytes", said);
        Assert.DoesNotContain(key, said);
    }

    [Fact]
    public void A_damaged_key_file_stops_the_app_at_start_and_says_what_to_do()
    {
        using var data = new TempDirectory();
        File.WriteAllText(Path.Combine(data.Path, TokenVaultKey.FileName), "garbage");
        using var app = new MovieNightApp(data);

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var said = failure + string.Join("\n", app.Logs);
        Assert.Contains("MovieNight cannot start", said);
        Assert.Contains("does not hold a 32-byte key", said);
    }

    [Fact]
    public async Task The_admin_page_says_where_the_key_file_is_and_to_back_it_up()
    {
        using var app = new MovieNightApp();
        var admin = await app.CreateMemberAsync("Erik", admin: true);
        var erik = await app.SignedInClientAsync(admin);

        var page = await erik.GetPageAsync("/Admin/Trakt");

        Assert.Contains(Path.Combine(app.Data.Path, TokenVaultKey.FileName), page.Text);
        Assert.Contains("Back it up with the database", page.Text);
    }
}
