namespace MovieNight.Web.Household;

public static class HouseholdServices
{
    /// <summary>Members, PINs (peppered), setup codes, known devices and server-side sessions.</summary>
    public static IServiceCollection AddHousehold(this IServiceCollection services) => services
        .AddSingleton<PinHashes>()
        .AddSingleton<MemberSessions>()
        .AddSingleton<MemberStore>()
        .AddSingleton<KnownDevices>()
        .AddSingleton<PinSignIn>();
}
