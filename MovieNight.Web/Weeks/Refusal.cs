namespace MovieNight.Web.Weeks;

public enum RefusalReason
{
    /// <summary>The week is not in the phase this needs (nominating during voting, voting after the deadline...).</summary>
    WrongPhase,
    LimitReached,
    AlreadyNominated,
    NotYours,
    OwnNomination,
    NotFound,
    NotAMember,
    NotAnAdmin,
    Invalid,
}

/// <summary>Why the game said no, with a message written for the member, shown as it is.</summary>
public sealed record Refusal(RefusalReason Reason, string Message)
{
    /// <summary>The form field the message is about ("title", "year"), so a form can show it there; null for the whole form.</summary>
    public string? Field { get; init; }
}
