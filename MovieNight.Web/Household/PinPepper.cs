using MovieNight.Migrations;

namespace MovieNight.Web.Household;

/// <summary>
/// The secret mixed into every PIN hash, kept in the keys folder (never in the database), so a copy
/// of the database alone cannot be searched for PINs offline: 4 to 8 digits fall to PBKDF2 in minutes.
/// </summary>
public static class PinPepper
{
    public const string FileName = "pin-pepper.key";

    /// <exception cref="InvalidOperationException">The file exists but does not hold a pepper.</exception>
    public static byte[] LoadOrCreate(string keysDirectory)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(keysDirectory);
        else Directory.CreateDirectory(keysDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(keysDirectory, FileName);
        SecretFiles.CreateIfMissing(path);
        try
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim()) is { Length: 32 } stored ? stored : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{path} does not hold a PIN pepper. Restore it from a backup; without it every PIN must be reset.");
        }
    }
}
