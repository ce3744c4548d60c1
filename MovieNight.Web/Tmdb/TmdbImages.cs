using Microsoft.Extensions.Options;

namespace MovieNight.Web.Tmdb;

/// <summary>Image URLs from the paths TMDB returns ("/abc.jpg"); null means "show the placeholder".</summary>
public sealed class TmdbImages(IOptions<TmdbOptions> options)
{
    // Sizes TMDB's /configuration lists; any other size is a 404 on the image host.
    public const string PosterSmall = "w185";
    public const string PosterMedium = "w342";
    public const string PosterLarge = "w500";
    public const string BackdropMedium = "w780";
    public const string BackdropLarge = "w1280";
    public const string Original = "original";

    private static readonly HashSet<string> KnownSizes =
        ["w92", "w154", PosterSmall, "w300", PosterMedium, PosterLarge, BackdropMedium, BackdropLarge, Original];

    private readonly string baseUrl = options.Value.ImageBaseUrl.TrimEnd('/') + "/";

    public string? PosterUrl(string? posterPath, string size = PosterMedium) => Url(posterPath, size);

    public string? BackdropUrl(string? backdropPath, string size = BackdropMedium) => Url(backdropPath, size);

    private string? Url(string? path, string size)
    {
        if (!KnownSizes.Contains(size))
            throw new ArgumentException($"TMDB has no image size '{size}'.", nameof(size));
        if (string.IsNullOrWhiteSpace(path)) return null;
        return $"{baseUrl}{size}/{path.Trim().TrimStart('/')}";
    }
}
