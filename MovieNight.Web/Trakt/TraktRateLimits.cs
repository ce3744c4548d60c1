using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace MovieNight.Web.Trakt;

/// <summary>
/// Trakt's limits per user token, kept on our side so Trakt never has to answer 429: reads 1000
/// per 5 minutes, writes (POST, PUT, DELETE) 1 per second. A caller over the limit waits its turn.
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
            new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })));
        var limiter = method == HttpMethod.Get ? limiters.Reads : limiters.Writes;
        return await limiter.AcquireAsync(1, cancellationToken);
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
