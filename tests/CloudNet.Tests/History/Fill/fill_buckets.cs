using CloudNet.History.Fill;

namespace CloudNet.Tests.History.Fill;

/// <summary>The folding of the database's per-bucket sums into a chart's bars.</summary>
public class fill_buckets
{
    static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void quiet_buckets_hold_what_the_last_change_left()
    {
        var buckets = FillBuckets.Fold(T0, T0.AddMinutes(4), 4, heldAtStart: 2, [new BucketChanges(2, Opened: 3, Closed: 1, Peak: 5, HeldAtEnd: 4)]);
        buckets.Select(b => b.Held).ShouldBe([2, 4, 4, 4]);
        buckets.Select(b => b.Peak).ShouldBe([2, 5, 4, 4]);
        buckets.Select(b => b.Opened).ShouldBe([0, 3, 0, 0]);
        buckets.Select(b => b.From).ShouldBe([T0, T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3)]);
        buckets[^1].To.ShouldBe(T0.AddMinutes(4));
    }

    [Fact]
    public void a_bucket_that_starts_with_a_release_peaks_at_what_it_started_with()
    {
        var buckets = FillBuckets.Fold(T0, T0.AddMinutes(2), 2, heldAtStart: 6, [new BucketChanges(1, Opened: 0, Closed: 2, Peak: 5, HeldAtEnd: 4)]);
        buckets[0].Peak.ShouldBe(6);
        buckets[0].Held.ShouldBe(4);
    }
}
