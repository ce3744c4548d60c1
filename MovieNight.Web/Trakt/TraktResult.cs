using System.Diagnostics.CodeAnalysis;

namespace MovieNight.Web.Trakt;

public enum TraktProblemKind
{
    NotConfigured,
    NotLinked,
    RelinkNeeded,
    BadAppCredentials,
    AccountLimit,
    Locked,
    VipOnly,
    RateLimited,
    Unavailable,
    /// <summary>A write that may or may not have reached Trakt (its answer was lost): check before sending it again.</summary>
    WriteUnconfirmed,
    NotFound,
    Refused,
}

/// <summary>Why Trakt could not do what was asked, in words a member can act on. Never carries a token.</summary>
public sealed record TraktProblem(TraktProblemKind Kind, string Message, TimeSpan? RetryAfter = null, int? Limit = null)
{
    public static TraktProblem NotConfigured { get; } = new(TraktProblemKind.NotConfigured,
        "Trakt is not set up on this server yet: an admin enters the Trakt app's client id and secret (or sets TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET).");

    public static TraktProblem NotLinked { get; } = new(TraktProblemKind.NotLinked, "This member has not linked a Trakt account.");

    public static TraktProblem BadAppCredentials { get; } = new(TraktProblemKind.BadAppCredentials,
        "Trakt says the Trakt app credentials are not valid: an admin checks the client id and secret (the app may have been deleted at Trakt).");

    public static TraktProblem Unavailable { get; } = new(TraktProblemKind.Unavailable,
        "Trakt is not answering right now; nothing was lost, try again in a few minutes.");

    /// <summary>Trakt does not de-duplicate plays: a write whose answer was lost is looked up, never simply resent.</summary>
    public static TraktProblem WriteUnconfirmed { get; } = new(TraktProblemKind.WriteUnconfirmed,
        "Trakt did not confirm the change in time; MovieNight checks Trakt before sending it again.");

    public static TraktProblem Locked { get; } = new(TraktProblemKind.Locked,
        "Trakt has locked this Trakt account; sign in at trakt.tv to find out why.");

    public static TraktProblem VipOnly { get; } = new(TraktProblemKind.VipOnly, "That needs Trakt VIP on this Trakt account.");

    public static TraktProblem NotFound { get; } = new(TraktProblemKind.NotFound, "Trakt does not know that item.");

    public static TraktProblem RelinkNeeded(string why) => new(TraktProblemKind.RelinkNeeded, why);

    /// <param name="limit">X-Account-Limit: how many items the account may have.</param>
    public static TraktProblem AccountLimit(string? limit, bool? vip) => new(TraktProblemKind.AccountLimit,
        vip == true
            ? $"This Trakt account reached a Trakt limit{(limit is null ? "" : $" ({limit})")}."
            : $"This Trakt account reached the free account's limit{(limit is null ? "" : $" ({limit})")}: remove some items at Trakt or upgrade to VIP.",
        Limit: int.TryParse(limit, out var items) ? items : null);

    public static TraktProblem RateLimited(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new(TraktProblemKind.RateLimited, $"Trakt asks us to slow down; try again in {seconds} second{(seconds == 1 ? "" : "s")}.", TimeSpan.FromSeconds(seconds));
    }

    public static TraktProblem Refused(int status) => new(TraktProblemKind.Refused, $"Trakt refused the request ({status}).");
}

/// <summary>Either Trakt's answer or the problem that stopped it; never an exception for a page to catch.</summary>
public sealed class TraktResult<T>
{
    private TraktResult(T? value, TraktProblem? problem) => (Value, Problem) = (value, problem);

    public T? Value { get; }
    public TraktProblem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public static TraktResult<T> From(T value) => new(value, null);
    public static TraktResult<T> Fail(TraktProblem problem) => new(default, problem);

    public static implicit operator TraktResult<T>(T value) => From(value);
    public static implicit operator TraktResult<T>(TraktProblem problem) => Fail(problem);
}
