namespace MovieNight.Benchmarks;

/// <summary>
/// "Never a stale tally": with nothing else going on, a member loads the week page until it comes
/// from the output cache, toggles a vote, and loads the page again. The page must show the tally
/// and the member's votes exactly as the acknowledged vote response did.
/// </summary>
public static class FreshnessCheck
{
    public sealed record Outcome(int Toggles, int CachedBeforeToggle, int Problems);

    public static async Task<Outcome> RunAsync(AppProcess app, IReadOnlyList<Session> sessions, IReadOnlyList<Nomination> nominations, int rounds, Findings findings)
    {
        int toggles = 0, cached = 0, before = findings.Count;
        foreach (var session in sessions)
        {
            await using var connection = await RawHttpConnection.OpenAsync(app.EndPoint);
            var weekPage = RawHttpConnection.Get(app.Host, "/Week", session.Cookie);
            var eligible = nominations.Where(n => n.ProposedBy != session.MemberId).Select(n => n.Id).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                // Twice, so the second comes from the cache: the entry a stale page would come from.
                await connection.SendAsync(weekPage, keepBody: false);
                var primed = await connection.SendAsync(weekPage, keepBody: true);
                if (primed.FromCache) cached++;
                var page = WeekPage.Parse(primed.Body!);
                // Take back a vote held, or vote when one is free: an outcome that changes the tally.
                var id = page.VotesLeft > 0 && round % 2 == 0 ? eligible.First(n => page.Cards[n].Pressed == false)
                    : eligible.FirstOrDefault(n => page.Cards[n].Pressed == true, eligible.First(n => page.Cards[n].Pressed == false));
                var vote = await connection.SendAsync(
                    RawHttpConnection.HtmxPost(app.Host, $"/Week?handler=Vote&id={id}", session.Cookie, session.Token), keepBody: true);
                toggles++;
                var acknowledged = WeekPage.Parse(vote.Body!);
                var expectedTally = page.Cards[id].Tally + (page.Cards[id].Pressed == true ? -1 : 1);
                if (vote.Status != 200 || acknowledged.NoticeIsError || acknowledged.Cards[id].Tally != expectedTally)
                {
                    findings.Add($"{session.Name} toggling {id}: response {vote.Status} \"{acknowledged.Notice}\", tally " +
                                 $"{(acknowledged.Cards.TryGetValue(id, out var c) ? c.Tally : -1)}, expected {expectedTally}.");
                    continue;
                }
                var after = await connection.SendAsync(weekPage, keepBody: true);
                var shown = WeekPage.Parse(after.Body!);
                if (shown.Cards[id].Tally != expectedTally || shown.Cards[id].Pressed != acknowledged.Cards[id].Pressed
                    || shown.VotesLeft != acknowledged.VotesLeft)
                    findings.Add($"STALE: {session.Name}'s week page after an acknowledged toggle of {id} shows tally {shown.Cards[id].Tally} " +
                                 $"(pressed {shown.Cards[id].Pressed}, {shown.VotesLeft} left); the vote response said {expectedTally} " +
                                 $"(pressed {acknowledged.Cards[id].Pressed}, {acknowledged.VotesLeft} left){(after.FromCache ? "; served from the cache" : "")}.");
            }
        }
        return new Outcome(toggles, cached, findings.Count - before);
    }
}
