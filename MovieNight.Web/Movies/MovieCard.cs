namespace MovieNight.Web.Movies;

/// <summary>A member shown by icon beside a movie (who nominated it, who has seen it, who voted).</summary>
public sealed record MemberBadge(long Id, string Name, string Icon);

/// <summary>Everything the one movie card partial (_MovieCard) shows, whatever page it is on.</summary>
public sealed record MovieCard
{
    public required string Title { get; init; }
    public string? Year { get; init; }
    public long? TmdbId { get; init; }
    public string? PosterUrl { get; init; }
    public double? Rating { get; init; }
    public string? Overview { get; init; }
    public MemberBadge? NominatedBy { get; init; }
    /// <summary>Active members who have watched it (from their watch history), shown by icon.</summary>
    public IReadOnlyList<MemberBadge> SeenBy { get; init; } = [];
    /// <summary>From the movies table (TMDB's details); null when TMDB has not said.</summary>
    public int? RuntimeMinutes { get; init; }
    public string? ImdbId { get; init; }

    /// <summary>"2 h 28 min", "98 min"; empty without a runtime.</summary>
    public string RuntimeText => RuntimeMinutes is not (> 0 and var m) ? "" : m >= 60 ? $"{m / 60} h{(m % 60 > 0 ? $" {m % 60} min" : "")}" : $"{m} min";

    /// <summary>The same, as a screen reader should say it.</summary>
    public string RuntimeSpoken => RuntimeMinutes is not (> 0 and var m) ? "" : m >= 60
        ? $"{m / 60} hour{(m / 60 == 1 ? "" : "s")}{(m % 60 > 0 ? $" {m % 60} minute{(m % 60 == 1 ? "" : "s")}" : "")}"
        : $"{m} minute{(m == 1 ? "" : "s")}";

    /// <summary>The movie's IMDb page, when TMDB gave a well-formed IMDb id.</summary>
    public string? ImdbUrl => ImdbId is { Length: > 2 } id && id.StartsWith("tt", StringComparison.Ordinal) && id[2..].All(char.IsAsciiDigit)
        ? $"https://www.imdb.com/title/{id}/" : null;

    /// <summary>"2010", or nothing for an unknown year.</summary>
    public string YearText => string.IsNullOrWhiteSpace(Year) ? "" : Year;
}
