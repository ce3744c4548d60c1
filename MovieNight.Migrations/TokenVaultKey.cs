
namespace MovieNight.Migrations;

/// <summary>
/// The 32-byte key that seals Trakt tokens and credentials: TRAKT_ENCRYPTION_KEY when set, else a
/// random key kept in a file in the data directory that only the app's user can read.
/// </summary>
public sealed class TokenVaultKey
{
    public const string FileName = "trakt-encryption.key";

    private TokenVaultKey(byte[] bytes, string? filePath, bool createdNow) => (Bytes, FilePath, CreatedNow) = (bytes, filePath, createdNow);

    internal byte[] Bytes { get; }
    /// <summary>The key file in use, or null when the key comes from TRAKT_ENCRYPTION_KEY.</summary>
    public string? FilePath { get; }
    /// <summary>True when this start created the key file (a new install, or a lost file).</summary>
    public bool CreatedNow { get; }

    public override string ToString() => FilePath is null ? "TRAKT_ENCRYPTION_KEY" : $"key file {FilePath}";

    /// <summary>32 bytes as 64 hex digits or as base64; surrounding whitespace is ignored.</summary>
    public static bool TryParse(string? text, out byte[] key)
    {
        key = [];
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 64 && trimmed.All(Uri.IsHexDigit))
        {
            key = Convert.FromHexString(trimmed);
            return true;
        }
        var buffer = new byte[48];
        if (Convert.TryFromBase64String(trimmed, buffer, out var written) && written == 32)
        {
            key = buffer[..32];
            return true;
        }
        return false;
    }

    /// <param name="configured">TRAKT_ENCRYPTION_KEY (already validated at start-up), or null.</param>
    /// <exception cref="InvalidOperationException">The key file exists but does not hold a key.</exception>
    public static TokenVaultKey Load(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return TryParse(configured, out var key) ? new TokenVaultKey(key, null, false)
                : throw new InvalidOperationException("TRAKT_ENCRYPTION_KEY must be 32 bytes written as 64 hex digits or base64.");

        var path = Path.Combine(dataDirectory, FileName);
        var created = SecretFiles.CreateIfMissing(path);
        return TryParse(File.ReadAllText(path), out var stored) ? new TokenVaultKey(stored, path, created)
            : throw new InvalidOperationException($"{path} does not hold a 32-byte key. Restore it from a backup, or delete it (every member then links Trakt again).");
    }
}
