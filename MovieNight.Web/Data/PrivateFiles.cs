namespace MovieNight.Web.Data;

/// <summary>
/// The data directory is the app user's alone (0700, every file in it 0600): a copy of the database
/// or of the keys must not be readable by other users of the server. Files are created with that
/// mode where the app creates them, and <see cref="Secure"/> fixes whatever an older version left.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory 0700 (or makes an existing one 0700) and returns its path.</summary>
    public static string CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) return Directory.CreateDirectory(path).FullName;
        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
        return path;
    }

    /// <summary>
    /// Creates an empty 0600 file when none exists. SQLite opens an empty file as a new database and
    /// gives its -wal and -shm files the database's mode, so none of them is ever world-readable.
    /// </summary>
    public static void CreateFile(string path)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.OpenOrCreate, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        using (new FileStream(path, options)) { }
    }

    /// <summary>Makes the directory and everything under it private; returns what could not be changed (not the app user's).</summary>
    public static IReadOnlyList<string> Secure(string directory)
    {
        var refused = new List<string>();
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory)) return refused;
        Set(directory, DirectoryMode, refused);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is not null) continue; // a symlink's own mode means nothing; its target is not ours to change
            Set(entry.FullName, entry is DirectoryInfo ? DirectoryMode : FileMode, refused);
        }
        return refused;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Set(string path, UnixFileMode mode, List<string> refused)
    {
        try
        {
            if (File.GetUnixFileMode(path) != mode) File.SetUnixFileMode(path, mode);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            refused.Add(path);
        }
    }
}
