using Hangfire;
using Hangfire.Dashboard;
using MovieNight.Web.Household;

namespace MovieNight.Web.Jobs;

/// <summary>
/// Hangfire's dashboard at /admin/jobs for admins: the app's own sign-in cookie and admin policy decide
/// (Hangfire's local-requests-only filter is dropped), so a member who is not an admin gets 403 and
/// a visitor who is not signed in is sent to sign in. Admins may retry, trigger and delete jobs.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/admin/jobs";

    /// <summary>
    /// The app's policy with what the dashboard needs on top, found by loading its pages in Chromium:
    /// inline styles (the charts inject a style element, the job pages set style attributes, empty ones
    /// too, which hashes cannot allow without 'unsafe-hashes'). Its scripts are files it serves itself,
    /// so script-src stays 'self'.
    /// </summary>
    public static string ContentSecurityPolicy(string appPolicy) =>
        appPolicy.Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal);

    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboardWithAuthorizationPolicy(MemberSession.AdminPolicy, Path, new DashboardOptions
        {
            AppPath = "/",
            DashboardTitle = "MovieNight jobs",
            DisplayStorageConnectionString = false,
        }, endpoints.ServiceProvider.GetRequiredService<JobStorage>());
}
