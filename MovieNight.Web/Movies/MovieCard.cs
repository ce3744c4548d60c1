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

    /// <summary>"2010", or nothing for an unknown year.</summary>
    public string YearText => string.IsNullOrWhiteSpace(Year) ? "" : Year;
}
