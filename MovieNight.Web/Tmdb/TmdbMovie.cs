namespace MovieNight.Web.Tmdb;

/// <summary>One hit of a TMDB search: enough for a result row (poster, year, rating, overview).</summary>
public sealed record TmdbSearchResult(int TmdbId, string Title, int? Year, string? PosterPath, string? Overview, double? Rating);

/// <summary>A movie's details as cached in the movies table; FetchedAt says how fresh they are.</summary>
public sealed record TmdbMovie(
    int TmdbId, string Title, int? Year, string? PosterPath, string? BackdropPath, string? Overview,
    double? Rating, string? ImdbId, int? RuntimeMinutes, DateTimeOffset FetchedAt);
