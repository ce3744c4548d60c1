namespace MovieNight.Migrations.LegacyImport;

// The old app's data after parsing and validation (from data.json or from its movie-night.db): every
// name resolved to a member, every week id checked, every vote tied to its nomination. The writer
// only has to store it.

internal sealed record LegacyMember(string Name, string? Icon, string? Pin, string JsonPath);

internal sealed record LegacyRating(string Member, int Stars, string JsonPath);

internal sealed class LegacyNomination
{
    public required string LegacyId { get; init; }
    public required string JsonPath { get; init; }
    /// <summary>Null when unknown (the old SQLite app stored 0 for a movie nominated by title).</summary>
    public required long? TmdbId { get; init; }
    public required string Title { get; init; }
    public string? Year { get; init; }
    public string? ImdbId { get; init; }
    public string? PosterPath { get; init; }
    public string? BackdropPath { get; init; }
    public string? Overview { get; init; }
    public double? Rating { get; init; }
    public required string ProposedBy { get; init; }
    public DateTimeOffset? ProposedAt { get; init; }

    /// <summary>The bot wrote the TMDB id as a number into <c>id</c>; its votes live in member arrays.</summary>
    public bool FromBot { get; init; }

    /// <summary>The bot's own vote count, only cross-checked against the member arrays.</summary>
    public double? BotVoteCount { get; init; }

    /// <summary>v1 only: the household watched it that week.</summary>
    public bool Watched { get; init; }

    /// <summary>One per member (winner copies are merged in, allMovies wins).</summary>
    public List<LegacyRating> Ratings { get; init; } = [];
}

internal sealed record LegacyVote(LegacyNomination Nomination, string Member);

internal sealed class LegacyWeek
{
    public required string Id { get; init; }
    public required string JsonPath { get; init; }

    /// <summary>The current week never gets a week_history row; the app's week job closes it.</summary>
    public bool IsCurrent { get; init; }

    /// <summary>A history entry (or a v1 week with a watched movie) gets a week_history row.</summary>
    public bool HasResults { get; set; }

    public List<LegacyNomination> Nominations { get; } = [];
    public List<LegacyVote> Votes { get; } = [];
    public LegacyNomination? FirstPlace { get; set; }
    public LegacyNomination? SecondPlace { get; set; }
}

/// <summary>
/// A watch recorded by the old SQLite app (watch_history): with its week and nomination when the
/// household watched it on movie night, without both when a member watched it on their own.
/// </summary>
internal sealed record LegacyWatch(string Member, long TmdbId, string? Title, DateTimeOffset? WatchedAt, int? Stars,
    string? Week, LegacyNomination? Nomination, bool SyncedToTrakt, string JsonPath);

/// <summary>A member's Trakt link from the old SQLite app, its tokens already decrypted (never reported or logged).</summary>
internal sealed record LegacyTraktLink(string Member, string? Username, string AccessToken, string RefreshToken,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LinkedAt, string JsonPath);

internal sealed class LegacyData
{
    public List<LegacyMember> Members { get; } = [];
    public List<LegacyWeek> Weeks { get; } = [];
    /// <summary>Watches that are not ratings on a nomination (only the SQLite app has them).</summary>
    public List<LegacyWatch> Watches { get; } = [];
    public List<LegacyTraktLink> TraktLinks { get; } = [];
    public List<SkippedRecord> Skipped { get; } = [];
    public List<SkippedRecord> Warnings { get; } = [];
}
