namespace MovieNight.Web.Weeks;

/// <summary>
/// The household's rules for the weekly game, as an admin set them. The defaults are the old app's,
/// which the household already knows.
/// </summary>
public sealed record WeekRules
{
    public const int MaxNominationsPerMember = 10;
    public const int MaxVotesPerMember = 10;

    public int NominationsPerMember { get; init; } = 1;
    public int VotesPerMember { get; init; } = 2;
    public bool SelfVoteAllowed { get; init; }
    public WeekSchedule Schedule { get; init; } = WeekSchedule.Default;

    /// <summary>An IANA zone chosen in the settings page; used only when TZ is not set (TZ wins).</summary>
    public string? TimeZoneId { get; init; }

    /// <summary>The language dates and times are written in ("en-GB"); null means the server's.</summary>
    public string? Language { get; init; }

    /// <summary>Who voted for what stays hidden until the results; the tallies still show.</summary>
    public bool SecretBallot { get; init; }

    public static WeekRules Default { get; } = new();

    /// <summary>What is wrong with these rules, in words for the settings page; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (NominationsPerMember is < 1 or > MaxNominationsPerMember)
            problems.Add($"Each member nominates 1 to {MaxNominationsPerMember} movies a week.");
        if (VotesPerMember is < 1 or > MaxVotesPerMember)
            problems.Add($"Each member has 1 to {MaxVotesPerMember} votes a week.");
        if (Schedule.Problem is { } schedule)
            problems.Add(schedule);
        if (!string.IsNullOrWhiteSpace(TimeZoneId) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId.Trim(), out _))
            problems.Add($"'{TimeZoneId}' is not a known time zone; use an IANA name such as Europe/Budapest.");
        if (!string.IsNullOrWhiteSpace(Language) && Household.HouseholdTime.FindLanguage(Language) is null)
            problems.Add($"'{Language}' is not a language MovieNight knows; use a tag such as en-GB.");
        return problems;
    }
}
