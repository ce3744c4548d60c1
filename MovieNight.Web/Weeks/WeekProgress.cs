using MovieNight.Web.Movies;

namespace MovieNight.Web.Weeks;

/// <summary>
/// Who has taken their turn in the current phase and who the household is still waiting for: active
/// members without a nomination while nominating, active members who have cast no vote while voting.
/// Pure: it reads the tally and the members the page has already loaded.
/// </summary>
public sealed record WeekProgress(WeekPhase Phase, int Done, int Of, IReadOnlyList<MemberBadge> Waiting, bool SecretBallot = false)
{
    /// <summary>How many waiting members are named before "and 2 more".</summary>
    private const int NamesShown = 3;

    /// <summary>The progress of a week still being played; null once the results are in (nobody is waited for).</summary>
    /// <param name="secretBallot">While voting, name nobody but the reader: who has just voted, beside live counts, would tell how.</param>
    public static WeekProgress? For(WeekState state, WeekTally tally, IReadOnlyList<MemberBadge> activeMembers, bool secretBallot = false)
    {
        if (!state.IsCurrent || state.Phase == WeekPhase.Results || activeMembers.Count == 0) return null;
        var took = state.Phase == WeekPhase.Nomination
            ? tally.Ranked.Select(n => n.ProposedBy).ToHashSet()
            : tally.Ranked.SelectMany(n => n.VoterIds).ToHashSet();
        var waiting = activeMembers.Where(m => !took.Contains(m.Id)).ToList();
        return new WeekProgress(state.Phase, activeMembers.Count - waiting.Count, activeMembers.Count, waiting,
            secretBallot && state.Phase == WeekPhase.Voting);
    }

    /// <summary>"3 of 4 nominated, waiting for Niki." in words for <paramref name="memberId"/> ("you" for them).</summary>
    public string Sentence(long memberId)
    {
        var verb = Phase == WeekPhase.Nomination ? "nominated" : "voted";
        if (Waiting.Count == 0) return $"Everyone has {verb}.";
        if (SecretBallot)
            return Waiting.Any(m => m.Id == memberId) ? $"{Done} of {Of} voted; you have not voted yet." : $"{Done} of {Of} voted.";
        // The reader first: "waiting for you and Niki" asks them to act.
        var names = Waiting.OrderBy(m => m.Id == memberId ? 0 : 1).Select(m => m.Id == memberId ? "you" : m.Name).ToList();
        var named = names.Count > NamesShown + 1 ? [.. names.Take(NamesShown), $"{names.Count - NamesShown} more"] : names;
        var list = named.Count == 1 ? named[0] : $"{string.Join(", ", named.Take(named.Count - 1))} and {named[^1]}";
        return $"{Done} of {Of} {verb}, waiting for {list}.";
    }
}
