namespace CloudNet.Tests.Support;

/// <summary>
/// A clock the tests set and move, registered as the service's <see cref="TimeProvider"/>: whatever waits for time
/// (token rechecks and expiry, rate windows, fault refreshes, timed builds) is crossed by moving it, never by sleeping.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;

    /// <summary>Ten seconds into the next hour: fresh MINUTE and HOUR windows, 50 seconds left in the minute.
    /// (Tokens live 24 hours on this clock, so a test class can take a few of these.)</summary>
    public DateTimeOffset StartFreshHour()
    {
        var hour = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        return now = hour.AddHours(1).AddSeconds(10);
    }
}
