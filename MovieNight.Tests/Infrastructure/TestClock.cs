namespace MovieNight.Tests.Infrastructure;

/// <summary>A clock tests move by hand (Microsoft's FakeTimeProvider package is not served here).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    /// <summary>Starts at the real time: HttpClient's cookie jar drops cookies that expired by the real clock.</summary>
    public TestClock() : this(System.GetUtcNow()) { }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;

    public void Set(DateTimeOffset instant) => now = instant;

    /// <summary>
    /// The next given weekday and hour in <paramref name="zone"/> after the real now: a known phase of
    /// the week, and close enough to the real date that 30-day sign-in cookies stay valid.
    /// </summary>
    public static DateTimeOffset Next(DayOfWeek day, int hour, TimeZoneInfo zone) => Next(day, hour, zone, System.GetUtcNow());

    /// <summary>The given weekday and hour in <paramref name="zone"/> on a day after <paramref name="after"/>'s.</summary>
    public static DateTimeOffset Next(DayOfWeek day, int hour, TimeZoneInfo zone, DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).Date.AddDays(1);
        while (local.DayOfWeek != day) local = local.AddDays(1);
        var wallClock = local.AddHours(hour);
        return new DateTimeOffset(wallClock, zone.GetUtcOffset(wallClock));
    }
}
