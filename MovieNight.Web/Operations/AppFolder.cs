namespace MovieNight.Web.Operations;

/// <summary>
/// The content root (wwwroot, appsettings.json) is the app's own folder, not the directory it was
/// started from: `dotnet /app/MovieNight.Web.dll` run from elsewhere must still serve its CSS and scripts.
/// </summary>
public static class AppFolder
{
    /// <returns>
    /// The published app's folder when it holds wwwroot and no content root was given (by
    /// --contentRoot, ASPNETCORE_CONTENTROOT or DOTNET_CONTENTROOT); else null, the host's default
    /// (`dotnet run` serves wwwroot from the project through static web assets).
    /// </returns>
    public static string? ContentRoot(string[] args, string? appFolder = null, Func<string, string?>? environment = null)
    {
        appFolder ??= AppContext.BaseDirectory;
        environment ??= Environment.GetEnvironmentVariable;
        var given = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
                    || !string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT")) || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT"));
        return !given && Directory.Exists(Path.Combine(appFolder, "wwwroot")) ? appFolder : null;
    }
}
