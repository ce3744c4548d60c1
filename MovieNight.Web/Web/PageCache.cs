using Microsoft.AspNetCore.OutputCaching;

namespace MovieNight.Web.Web;

/// <summary>
/// The output cache of the household's pages. Every write that changes what they show evicts the
/// tag before it is acknowledged, so a cached page never shows a stale tally or phase.
/// </summary>
public sealed class PageCache(IOutputCacheStore store)
{
    public const string Tag = "household";

    public ValueTask HouseholdChangedAsync() => store.EvictByTagAsync(Tag, CancellationToken.None);
}
