namespace CloudNet.History.Fill;

/// <summary>The changes of one bucket as the database sums them: intervals opened and closed in it, the most held
/// after any change in it, and what was held after its last change.</summary>
public sealed record BucketChanges(int Bucket, long Opened, long Closed, long Peak, long HeldAtEnd);

/// <summary>One bucket of a fill chart: what was held at its end, the most held at any moment in it, and its changes.</summary>
public sealed record FillBucket(DateTimeOffset From, DateTimeOffset To, long Held, long Peak, long Opened, long Closed);

public static class FillBuckets
{
    /// <summary>
    /// Every bucket from 1 to <paramref name="count"/>, the quiet ones included: a bucket without changes holds what the
    /// one before it ended with, and a bucket's peak is never below what it started with (a release can be its first change).
    /// </summary>
    public static IReadOnlyList<FillBucket> Fold(DateTimeOffset from, DateTimeOffset to, int count, long heldAtStart,
        IReadOnlyCollection<BucketChanges> changes)
    {
        var byBucket = changes.ToDictionary(c => c.Bucket);
        var width = (to - from) / count;
        var held = heldAtStart;
        var buckets = new List<FillBucket>(count);
        for (var i = 1; i <= count; i++)
        {
            var start = from + width * (i - 1);
            var end = i == count ? to : from + width * i;
            if (byBucket.TryGetValue(i, out var c))
            {
                buckets.Add(new FillBucket(start, end, c.HeldAtEnd, Math.Max(held, c.Peak), c.Opened, c.Closed));
                held = c.HeldAtEnd;
            }
            else buckets.Add(new FillBucket(start, end, held, held, 0, 0));
        }
        return buckets;
    }
}
