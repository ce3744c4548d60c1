using System.Security.Cryptography;

namespace MovieNight.Migrations;

/// <summary>Random 32-byte secrets kept in files only the app's user can read (the Trakt token key, the PIN pepper).</summary>
public static class SecretFiles
{
    /// <summary>
    /// Writes a new random secret (base64) to <paramref name="path"/> unless the file exists; true when this
    /// call made it. Written whole to a private (0600) temporary file, then moved into place without
    /// overwriting: two processes starting at once end up sharing whichever secret landed first.
    /// </summary>
    public static bool CreateIfMissing(string path)
    {
        if (File.Exists(path)) return false;
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
            file.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }
}
