namespace MovieNight.Web.Household;

public static class Durations
{
    /// <summary>"1 minute", "45 seconds", "1 hour": how long a member still has to wait, rounded up.</summary>
    public static string Describe(TimeSpan span)
    {
        if (span <= TimeSpan.Zero) return "a moment";
        if (span < TimeSpan.FromMinutes(1)) return Plural((int)Math.Ceiling(span.TotalSeconds), "second");
        if (span < TimeSpan.FromHours(1)) return Plural((int)Math.Ceiling(span.TotalMinutes), "minute");
        return Plural((int)Math.Ceiling(span.TotalHours), "hour");
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
