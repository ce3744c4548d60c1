using System.Collections.Concurrent;
using System.Net;

namespace MovieNight.Benchmarks;

/// <summary>Asks for one page over and over: a member's week page, or a static file for comparison.</summary>
public sealed class PageLoop(IPEndPoint server, byte[] request) : ILoadLoop
{
    private RawHttpConnection? connection;

    public async ValueTask<(bool Ok, bool FromCache)> StepAsync()
    {
        connection ??= await RawHttpConnection.OpenAsync(server);
        var response = await connection.SendAsync(request, keepBody: false);
        return (response.Status == 200 && response.BodyLength > 0, response.FromCache);
    }

    public async ValueTask RecoverAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
        connection = null;
    }

    public ValueTask DisposeAsync() => connection?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Problems found by the checks, shared by all loops: each is a benchmark failure.</summary>
public sealed class Findings
{
    private readonly ConcurrentQueue<string> problems = new();
    public int Count => problems.Count;
    public IEnumerable<string> All => problems;
    public void Add(string problem) => problems.Enqueue(problem);
}

/// <summary>
/// One voter toggling votes with htmx, one request at a time, as a member tapping Vote does. It
/// predicts each outcome from what was acknowledged before (its own votes change only through it):
/// a vote it holds is taken back, a free vote is saved, a vote beyond the limit is refused. Every
/// response must say exactly that, and the database must agree at the end.
/// A checker voter also reloads the week page after every acknowledged toggle: the page (output
/// cached per member) must already show it.
/// </summary>
public sealed class VoterLoop : ILoadLoop
{
    private readonly IPEndPoint server;
    private readonly string host;
    private readonly Session session;
    private readonly long[] eligible;
    private readonly Dictionary<long, byte[]> toggles;
    private readonly byte[] weekPage;
    private readonly int limit;
    private readonly bool checker;
    private readonly Findings findings;
    private readonly Random random;
    private RawHttpConnection? connection;
    private long lastToggled;

    /// <summary>The votes this member holds as far as acknowledged responses say.</summary>
    public HashSet<long> Held { get; } = [];
    public int Saved { get; private set; }
    public int TakenBack { get; private set; }
    public int Refused { get; private set; }
    public int PageChecks { get; private set; }
    public int PageChecksFromCache { get; private set; }
    /// <summary>Toggles whose outcome is unknown (an error): the member's votes are relearned from the page.</summary>
    public int Unknown { get; private set; }

    public VoterLoop(IPEndPoint server, string host, Session session, IEnumerable<long> eligible, int limit, bool checker, Findings findings, int seed)
    {
        (this.server, this.host, this.session, this.limit, this.checker, this.findings) = (server, host, session, limit, checker, findings);
        this.eligible = eligible.ToArray();
        toggles = this.eligible.ToDictionary(id => id, id => RawHttpConnection.HtmxPost(host, $"/Week?handler=Vote&id={id}", session.Cookie, session.Token));
        weekPage = RawHttpConnection.Get(host, "/Week", session.Cookie);
        random = new Random(seed);
    }

    public Session Session => session;

    /// <summary>Learns the member's votes from the week page before the first toggle.</summary>
    public async Task StartAsync()
    {
        connection = await RawHttpConnection.OpenAsync(server);
        var page = await connection.SendAsync(weekPage, keepBody: true);
        Held.Clear();
        Held.UnionWith(WeekPage.Parse(page.Body!).Pressed);
    }

    public async ValueTask<(bool Ok, bool FromCache)> StepAsync()
    {
        connection ??= await RawHttpConnection.OpenAsync(server);
        // Mostly toggles that succeed; now and then one past the limit, which must be refused.
        var id = eligible[random.Next(eligible.Length)];
        if (!Held.Contains(id) && Held.Count >= limit && random.Next(10) != 0) id = Held.ElementAt(random.Next(Held.Count));
        var expected = Held.Contains(id) ? "Vote taken back." : Held.Count < limit ? "Vote saved." : null;

        var response = await connection.SendAsync(toggles[id], keepBody: true);
        if (response.Status != 200)
        {
            Unknown++;
            await RelearnAsync();
            return (false, false);
        }
        var page = WeekPage.Parse(response.Body!);
        lastToggled = id;
        switch (expected)
        {
            case "Vote taken back." when page.Notice == expected && !page.NoticeIsError: Held.Remove(id); TakenBack++; break;
            case "Vote saved." when page.Notice == expected && !page.NoticeIsError: Held.Add(id); Saved++; break;
            case null when page.NoticeIsError: Refused++; break;
            default:
                findings.Add($"{session.Name} toggling {id}: expected {expected ?? "a refusal"}, the response said \"{page.Notice}\".");
                Held.Clear();
                Held.UnionWith(page.Pressed);
                return (false, false);
        }
        // A vote answers with the toggled nomination only: check its button and the votes left.
        if (page.Cards.TryGetValue(id, out var card) && card.Pressed != Held.Contains(id) || page.VotesLeft != limit - Held.Count)
            findings.Add($"STALE: {session.Name}: the vote response for {id} shows pressed {card?.Pressed} ({page.VotesLeft} left), " +
                         $"acknowledged {(Held.Contains(id) ? "held" : "not held")} ({limit - Held.Count} left).");
        return (true, false);
    }

    public async ValueTask AfterStepAsync()
    {
        if (!checker || connection is null) return;
        var response = await connection.SendAsync(weekPage, keepBody: true);
        PageChecks++;
        if (response.FromCache) PageChecksFromCache++;
        if (response.Status != 200) findings.Add($"{session.Name}'s week page gave {response.Status} after a vote.");
        else Check(WeekPage.Parse(response.Body!), $"the week page after toggling {lastToggled}{(response.FromCache ? " (served from the output cache)" : "")}");
    }

    private void Check(WeekPage page, string where)
    {
        if (!page.Pressed.ToHashSet().SetEquals(Held) || page.VotesLeft != limit - Held.Count)
            findings.Add($"STALE: {session.Name}: {where} shows votes [{string.Join(",", page.Pressed)}] ({page.VotesLeft} left), " +
                         $"acknowledged [{string.Join(",", Held)}] ({limit - Held.Count} left).");
    }

    private async Task RelearnAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
        await StartAsync();
    }

    public async ValueTask RecoverAsync()
    {
        Unknown++;
        try { await RelearnAsync(); }
        catch (Exception) { connection = null; }
    }

    public ValueTask DisposeAsync() => connection?.DisposeAsync() ?? ValueTask.CompletedTask;
}
