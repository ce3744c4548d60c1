using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace MovieNight.Web.Trakt;

/// <summary>
/// Trakt's limits per user token, kept on our side so Trakt never has to answer 429: reads 1000
/// per 5 minutes, writes (POST, PUT, DELETE) 1 per second. A caller over the limit waits its turn.
/// A write holds its member's only write permit until a second after Trakt answered it: a token
/// bucket refills on its own timer, which can let two writes through a few milliseconds apart.
/// </summary>
public sealed class TraktRateLimits : IDisposable
{
    private readonly ConcurrentDictionary<long, (RateLimiter Reads, RateLimiter Writes)> members = new();

    public async ValueTask<RateLimitLease> AcquireAsync(long memberId, HttpMethod method, CancellationToken cancellationToken)
    {
        var limiters = members.GetOrAdd(memberId, _ => (
            new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = 1000, Window = TimeSpan.FromMinutes(5), SegmentsPerWindow = 10,
                QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }),
            new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = 1, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })));
        if (method == HttpMethod.Get) return await limiters.Reads.AcquireAsync(1, cancellationToken);
        return new WriteLease(await limiters.Writes.AcquireAsync(1, cancellationToken));
    }

    private static readonly TimeSpan WriteSpacing = TimeSpan.FromSeconds(1.05);

    /// <summary>Gives the write permit back a second (and a little) after the write finished.</summary>
    private sealed class WriteLease(RateLimitLease inner) : RateLimitLease
    {
        public override bool IsAcquired => inner.IsAcquired;
        public override IEnumerable<string> MetadataNames => inner.MetadataNames;
        public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _ = Task.Delay(WriteSpacing).ContinueWith(_ => inner.Dispose(), TaskScheduler.Default);
        }
    }

    public void Dispose()
    {
        foreach (var (reads, writes) in members.Values)
        {
            reads.Dispose();
            writes.Dispose();
        }
    }
}
