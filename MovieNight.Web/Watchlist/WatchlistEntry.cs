namespace MovieNight.Web.Watchlist;

/// <summary>A movie on a member's watchlist; Rating and PosterPath come from the movies cache when TMDB was asked about it.</summary>
public sealed record WatchlistEntry(long TmdbId, string Title, int? Year, DateTimeOffset? ListedAt, double? Rating, string? PosterPath);

/// <summary>A movie to put on a watchlist: TMDB id, title and year (and, for Undo, when it was first listed).</summary>
public sealed record WatchlistMovie(long TmdbId, string Title, int? Year, DateTimeOffset? ListedAt = null)
{
    public const int TitleMaxLength = 200;

    /// <summary>Checks what a form sent: a TMDB id, a title, an optional four-digit year.</summary>
    public static WatchlistMovie? From(long? tmdbId, string? title, string? year)
    {
        if (tmdbId is not (> 0 and <= int.MaxValue) || string.IsNullOrWhiteSpace(title) || title.Trim().Length > TitleMaxLength) return null;
        int? y = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (year.Trim() is not { Length: 4 } text || !int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed)) return null;
            y = parsed;
        }
        return new WatchlistMovie(tmdbId.Value, title.Trim(), y);
    }

    /// <summary>A checkbox value "tmdbId:year:title" (year may be empty), as the add-several form sends it.</summary>
    public static WatchlistMovie? FromChoice(string? value)
    {
        var parts = value?.Split(':', 3);
        return parts is { Length: 3 } && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? From(id, parts[2], parts[1]) : null;
    }

    public string Choice => $"{TmdbId}:{Year}:{Title}";
}

public enum WatchlistSource { Local, Trakt }

public enum WatchlistSort { Added, Title, Year, Rating }

/// <summary>What a member's list is and what it holds, sorted and filtered as asked.</summary>
public sealed record WatchlistView(WatchlistSource Source, string? TraktProblem, IReadOnlyList<WatchlistEntry> Entries, int Total);

/// <summary>
/// What an add, remove or undo did: how many movies it changed of how many asked, the movies Trakt
/// does not know, and the problem that stopped it (nothing after that point changed).
/// </summary>
public sealed record WatchlistChange(int Asked, int Changed, IReadOnlyList<WatchlistMovie> NotFound, string? Problem, string? Removal = null)
{
    public bool Succeeded => Problem is null;
}
