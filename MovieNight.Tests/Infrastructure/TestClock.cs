namespace MovieNight.Tests.Infrastructure;

/// <summary>A clock tests move by hand (Microsoft's FakeTimeProvider package is not served here).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    /// <summary>Starts at the real time: HttpClient's cookie jar drops cookies that expired by the real clock.</summary>
    public TestClock() : this(System.GetUtcNow()) { }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
