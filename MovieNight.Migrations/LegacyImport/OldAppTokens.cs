using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// Reads the old app's Trakt tokens: plain text when it ran without TRAKT_ENCRYPTION_KEY, else
/// AES-256-GCM written as "ivhex:taghex:datahex" with a 16-byte IV. .NET's AesGcm takes only
/// 12-byte nonces, so BouncyCastle's GCM (any IV length, as Node's) opens them.
/// </summary>
public static partial class OldAppTokens
{
    /// <summary>The old app's key: 64 hex digits (it read TRAKT_ENCRYPTION_KEY as hex only).</summary>
    public static bool TryParseKey(string? text, out byte[] key)
    {
        key = [];
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length != 64 || !trimmed.All(Uri.IsHexDigit)) return false;
        key = Convert.FromHexString(trimmed);
        return true;
    }

    internal static bool IsEncrypted(string stored) => EncryptedForm().IsMatch(stored);

    /// <summary>The token, or null when it is encrypted and cannot be opened (no key, another key, damaged).</summary>
    internal static string? Read(string stored, byte[]? key)
    {
        if (!IsEncrypted(stored)) return stored;
        if (key is null) return null;
        var parts = stored.Split(':');
        var iv = Convert.FromHexString(parts[0]);
        // GCM's input is ciphertext followed by the tag.
        var input = Convert.FromHexString(parts[2] + parts[1]);
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(false, new AeadParameters(new KeyParameter(key), 128, iv));
        var output = new byte[gcm.GetOutputSize(input.Length)];
        try
        {
            var length = gcm.ProcessBytes(input, 0, input.Length, output, 0);
            length += gcm.DoFinal(output, length);
            return Encoding.UTF8.GetString(output, 0, length);
        }
        catch (InvalidCipherTextException)
        {
            return null;
        }
    }

    // The old app's encrypt(): 16-byte IV, 16-byte tag, then the data, all lowercase hex.
    [GeneratedRegex("^[0-9a-fA-F]{32}:[0-9a-fA-F]{32}:(?:[0-9a-fA-F]{2})+$")]
    private static partial Regex EncryptedForm();
}
