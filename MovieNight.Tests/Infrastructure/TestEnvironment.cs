using System.Runtime.CompilerServices;

namespace MovieNight.Tests.Infrastructure;

internal static class TestEnvironment
{
    /// <summary>
    /// Each app a test starts would watch appsettings.json and wwwroot with inotify; hundreds of
    /// short-lived apps exhaust the per-user limit of 128 inotify instances. Tests need no reloads.
    /// </summary>
    [ModuleInitializer]
    internal static void NoFileWatching()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
