using System.Collections.Concurrent;

namespace MovieNight.Web.Watchlist;

/// <summary>One add or remove of several movies running in the background, for the page to show its progress.</summary>
public sealed class WatchlistBatch(string id, long memberId, string verb, int total)
{
    private volatile int done;
    public string Id { get; } = id;
    public long MemberId { get; } = memberId;
    /// <summary>"Adding" or "Removing".</summary>
    public string Verb { get; } = verb;
    public int Total { get; } = total;
    public int Done => done;
    public WatchlistChange? Result { get; private set; }
    public bool Finished => Result is not null;

    internal void Report(int count) => done = Math.Min(count, Total);
    internal void Finish(WatchlistChange result) => Result = result;
}

/// <summary>
/// Batches in flight (in memory: a batch lasts seconds, one Trakt POST of 100 a second). Each acknowledged
/// chunk is already in the database, so a restart loses only the progress display, never a change.
/// </summary>
public sealed class WatchlistBatches(IHostApplicationLifetime lifetime, ILogger<WatchlistBatches> logger)
{
    private readonly ConcurrentDictionary<string, WatchlistBatch> batches = new();

    public WatchlistBatch Start(long memberId, string verb, int total, Func<Action<int>, CancellationToken, Task<WatchlistChange>> work)
    {
        foreach (var old in batches.Values.Where(b => b.Finished && b.MemberId == memberId)) batches.TryRemove(old.Id, out _);
        var batch = new WatchlistBatch(Guid.NewGuid().ToString("N")[..12], memberId, verb, total);
        batches[batch.Id] = batch;
        _ = Task.Run(async () =>
        {
            try
            {
                batch.Finish(await work(batch.Report, lifetime.ApplicationStopping));
            }
            catch (Exception e)
            {
                logger.LogError(e, "Watchlist batch {Batch} failed", batch.Id);
                batch.Finish(new WatchlistChange(total, batch.Done, [], "Something went wrong part way; what was done is saved. Reload the list to see it."));
            }
        });
        return batch;
    }

    /// <summary>The member's own batch, if it is still known.</summary>
    public WatchlistBatch? Find(long memberId, string? id) =>
        id is not null && batches.TryGetValue(id, out var batch) && batch.MemberId == memberId ? batch : null;
}
