using System.Diagnostics.CodeAnalysis;

namespace MovieNight.Web.Tmdb;

public enum TmdbProblemKind
{
    NotConfigured,
    BadCredentials,
    NotFound,
    Busy,
    Unavailable,
}

/// <summary>Why TMDB could not answer, in words a member can act on.</summary>
public sealed record TmdbProblem(TmdbProblemKind Kind, string Message, TimeSpan? RetryAfter = null)
{
    public static TmdbProblem NotConfigured { get; } =
        new(TmdbProblemKind.NotConfigured, "Set TMDB_API_KEY or TMDB_READ_TOKEN to search TMDB and show posters.");

    public static TmdbProblem BadCredentials { get; } =
        new(TmdbProblemKind.BadCredentials, "TMDB refused the API key: check TMDB_API_KEY / TMDB_READ_TOKEN.");

    public static TmdbProblem Unavailable { get; } =
        new(TmdbProblemKind.Unavailable, "TMDB is not answering right now; try again in a minute.");

    public static TmdbProblem MovieNotFound(int tmdbId) =>
        new(TmdbProblemKind.NotFound, $"TMDB has no movie with id {tmdbId}.");

    public static TmdbProblem Busy(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new(TmdbProblemKind.Busy, $"TMDB is busy; try again in {seconds} second{(seconds == 1 ? "" : "s")}.", TimeSpan.FromSeconds(seconds));
    }
}

/// <summary>Either TMDB's answer or the problem that stopped it; never an exception for a page to catch.</summary>
public sealed class TmdbResult<T> where T : class
{
    private TmdbResult(T? value, TmdbProblem? problem) => (Value, Problem) = (value, problem);

    public T? Value { get; }
    public TmdbProblem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public static TmdbResult<T> From(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);
    public static TmdbResult<T> Fail(TmdbProblem problem) => new(null, problem ?? throw new ArgumentNullException(nameof(problem)));

    // C# has no conversions from interfaces, so IReadOnlyList results use From; the rest read naturally.
    public static implicit operator TmdbResult<T>(T value) => From(value);
    public static implicit operator TmdbResult<T>(TmdbProblem problem) => Fail(problem);
}
