namespace MovieNight.Web.Http;

public static class PageCacheServices
{
    /// <summary>The output cache of the household's pages, per member, evicted by every write (PageCache).</summary>
    public static IServiceCollection AddPageCache(this IServiceCollection services)
    {
        services.AddSingleton<PageCache>();
        services.AddOutputCache(options => options.AddPolicy(MemberPagePolicy.Name, new MemberPagePolicy()));
        return services;
    }
}
