using Microsoft.AspNetCore.OutputCaching;

namespace MovieNight.Web.Http;

/// <summary>
/// The output cache of the household's pages. Every write that changes what they show evicts the
/// tag before it is acknowledged, so a cached page never shows a stale tally or phase.
/// </summary>
public sealed class PageCache(IOutputCacheStore store)
{
    public const string Tag = "household";

    private long generation;

    /// <summary>
    /// Part of every cache key. A page rendered from data read before a write is stored under the
    /// generation its request started in, which nobody asks for after the write: it can never be served.
    /// </summary>
    public long Generation => Interlocked.Read(ref generation);

    public ValueTask HouseholdChangedAsync()
    {
        Interlocked.Increment(ref generation);
        return store.EvictByTagAsync(Tag, CancellationToken.None);
    }
}
