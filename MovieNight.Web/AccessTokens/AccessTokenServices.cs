namespace MovieNight.Web.AccessTokens;

public static class AccessTokenServices
{
    /// <summary>Personal access tokens, for clients that act as a member without the browser's cookie.</summary>
    public static IServiceCollection AddAccessTokens(this IServiceCollection services) => services.AddSingleton<AccessTokenStore>();
}
