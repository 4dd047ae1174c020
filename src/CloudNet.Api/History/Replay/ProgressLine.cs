using System.Diagnostics;
using System.Globalization;

namespace CloudNet.History.Replay;

/// <summary>
/// The progress of a long pass over the event log, as plain lines (they survive redirection to a file, unlike a
/// redrawn progress bar): one line every <c>every</c> events and a last one with the rate, which is the figure
/// an operator needs to plan the next export, import or rebuild.
/// </summary>
public sealed class ProgressLine(TextWriter log, string what, long every = 10_000, long? total = null)
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly long step = every;
    long next = every;

    public TimeSpan Elapsed => clock.Elapsed;

    public void Report(long done)
    {
        if (done < next) return;
        log.WriteLine($"{what}: {Count(done)}{(total is { } t ? $" of {Count(t)}" : "")} events, {Seconds(clock.Elapsed)} s");
        next = (done / step + 1) * step;
    }

    public void Done(long done, string? detail = null)
    {
        var elapsed = clock.Elapsed;
        log.WriteLine($"{what}: {Count(done)} events in {Seconds(elapsed)} s ({Rate(done, elapsed)} events/s){(detail is null ? "" : $"; {detail}")}");
        log.Flush();
    }

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Rate(long n, TimeSpan t) =>
        t.TotalSeconds <= 0 ? "-" : (n / t.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);
}
