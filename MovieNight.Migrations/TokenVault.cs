using System.Security.Cryptography;
using System.Text;

namespace MovieNight.Migrations;

/// <summary>
/// Seals secrets at rest (Trakt tokens, the Trakt app's secret) with AES-256-GCM: "v1:" + base64(12-byte nonce | ciphertext | 16-byte tag).
/// The purpose (e.g. "trakt-access:7") is authenticated too, so a value copied to another member's
/// row or another column does not open. A value that does not open (tampered, another key, an
/// unknown version) reads as null: the caller asks the member to link again, nothing crashes.
/// </summary>
public sealed class TokenVault(TokenVaultKey key)
{
    private const string Version = "v1:";
    private const int NonceSize = 12, TagSize = 16;

    public TokenVaultKey Key => key;

    /// <summary>The purposes Trakt tokens are sealed under: the app and the importers must agree on them.</summary>
    public static string TraktAccessPurpose(long memberId) => $"trakt-access:{memberId}";
    public static string TraktRefreshPurpose(long memberId) => $"trakt-refresh:{memberId}";

    public string Seal(string plaintext, string purpose)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Bytes, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(purpose));
        return Version + Convert.ToBase64String(sealedBytes);
    }

    public string? Open(string? sealedText, string purpose)
    {
        if (sealedText is null || !sealedText.StartsWith(Version, StringComparison.Ordinal)) return null;
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(sealedText[Version.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (sealedBytes.Length < NonceSize + TagSize) return null;
        var cipherLength = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, cipherLength),
                sealedBytes.AsSpan(NonceSize + cipherLength), plain, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }
}
