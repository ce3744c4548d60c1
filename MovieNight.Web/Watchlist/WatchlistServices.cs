namespace MovieNight.Web.Watchlist;

public static class WatchlistServices
{
    public static IServiceCollection AddWatchlist(this IServiceCollection services)
    {
        services.AddSingleton<WatchlistBook>();
        services.AddSingleton<WatchlistBatches>();
        services.AddScoped<WatchlistMarks>();
        return services;
    }
}

/// <summary>The signed-in member's watchlist ids, read once per request for every card's button.</summary>
public sealed class WatchlistMarks(WatchlistBook book)
{
    private IReadOnlySet<long>? ids;

    public async Task<bool> ContainsAsync(long memberId, long tmdbId) => (ids ??= await book.IdsAsync(memberId)).Contains(tmdbId);
}
