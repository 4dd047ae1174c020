namespace CloudNet.Ids;

/// <summary>
/// Version 7 UUIDs that strictly increase within this process. Lists ordered by id (private IPs and their <c>marker</c>, a
/// fork's copies) are then in the order things were made; <see cref="Guid.CreateVersion7()"/> alone is random within one
/// millisecond, so a batch (or two quick requests) could list out of order.
/// </summary>
public sealed class TimeOrderedIds : IdSource
{
    public static readonly TimeOrderedIds Shared = new();

    readonly Lock gate = new();
    Guid last;

    public override Guid Next() => Next(Guid.CreateVersion7());

    /// <summary>From now on, only ids after <paramref name="highest"/> (the highest already stored; see
    /// <c>Vpc/PrivateIps/PrivateIpIdFloor</c>).</summary>
    public void After(Guid highest)
    {
        lock (gate)
            if (highest.CompareTo(last) > 0) last = highest;
    }

    /// <summary>The candidate when it sorts after the last id handed out, otherwise the last id plus one.</summary>
    public Guid Next(Guid candidate)
    {
        lock (gate)
        {
            last = candidate.CompareTo(last) > 0 ? candidate : Increment(last);
            return last;
        }
    }

    /// <summary>Adds one to the random tail (bytes 9–15, big-endian), leaving the version and variant bits alone.</summary>
    public static Guid Increment(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        for (var i = 15; i >= 9; i--)
            if (++bytes[i] != 0) return new Guid(bytes, bigEndian: true);
        // 2^56 ids within one millisecond: carry into the low byte of rand_a, still clear of the version nibble.
        bytes[7]++;
        return new Guid(bytes, bigEndian: true);
    }
}
