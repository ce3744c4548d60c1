namespace MovieNight.Web.Movies;

public static class MoviesServices
{
    /// <summary>Movie cards (who has seen what), movies nominated before, the watch log and members' watches, past weeks, the latest winners.</summary>
    public static IServiceCollection AddMovies(this IServiceCollection services) => services
        .AddSingleton<MovieCards>()
        .AddSingleton<KnownMovies>()
        .AddSingleton<WatchLog>()
        .AddSingleton<PastWeeks>()
        .AddSingleton<MemberWatches>()
        .AddSingleton<LatestWinners>();
}
