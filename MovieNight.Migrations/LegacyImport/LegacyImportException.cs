namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// The data.json cannot be imported as it is; nothing was written. <see cref="JsonPath"/> points at
/// the offending value ("$.history[3].allMovies[1].tmdbId") so the household can fix the file.
/// </summary>
public sealed class LegacyImportException : Exception
{
    public LegacyImportException(string jsonPath, string problem, Exception? inner = null)
        : base($"{jsonPath}: {problem}", inner)
    {
        JsonPath = jsonPath;
    }

    public string JsonPath { get; }
}
