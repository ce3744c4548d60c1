using System.Globalization;
using System.Text.Json;

namespace MovieNight.Web.Tmdb;

/// <summary>The parts of TMDB's v3 JSON the app reads; property names follow TMDB's snake_case.</summary>
internal static class TmdbJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public sealed record SearchPage(int Page, List<SearchHit>? Results, int TotalPages, int TotalResults);

    public sealed record SearchHit(
        int Id, string? Title, string? OriginalTitle, string? ReleaseDate, string? PosterPath, string? Overview,
        double? VoteAverage, int? VoteCount);

    public sealed record MovieDetails(
        int Id, string? Title, string? OriginalTitle, string? ReleaseDate, string? PosterPath, string? BackdropPath,
        string? Overview, double? VoteAverage, int? VoteCount, string? ImdbId, int? Runtime);

    /// <summary>TMDB's error body, e.g. {"status_code":34,...} for a missing resource.</summary>
    public sealed record Status(int? StatusCode, string? StatusMessage);

    public static TmdbSearchResult ToResult(SearchHit hit) => new(
        hit.Id, Title(hit.Title, hit.OriginalTitle), Year(hit.ReleaseDate), Blank(hit.PosterPath), Blank(hit.Overview),
        Rating(hit.VoteAverage, hit.VoteCount));

    public static TmdbMovie ToMovie(MovieDetails details, DateTimeOffset fetchedAt) => new(
        details.Id, Title(details.Title, details.OriginalTitle), Year(details.ReleaseDate), Blank(details.PosterPath),
        Blank(details.BackdropPath), Blank(details.Overview), Rating(details.VoteAverage, details.VoteCount),
        Blank(details.ImdbId), details.Runtime is > 0 ? details.Runtime : null, fetchedAt);

    private static string Title(string? title, string? originalTitle) =>
        Blank(title) ?? Blank(originalTitle) ?? "Untitled";

    // TMDB sends "" for an unknown release date.
    private static int? Year(string? releaseDate) =>
        DateOnly.TryParseExact(releaseDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.Year
            : null;

    // An average of nobody's votes is 0, which is "no rating", not a bad one.
    private static double? Rating(double? average, int? count) =>
        average is > 0 && count is not 0 ? Math.Round(average.Value, 1) : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
