namespace CloudNet.Vpc.PrivateIps;

/// <summary>
/// Private IP ids: version 7 UUIDs that strictly increase within this process. The list's order (and so its
/// <c>marker</c>) is the order of the ids; <see cref="Guid.CreateVersion7()"/> alone is random within one
/// millisecond, so a batch (or two quick requests) could list out of assignment order.
/// </summary>
public sealed class PrivateIpIds
{
    static readonly PrivateIpIds Shared = new();

    readonly Lock gate = new();
    Guid last;

    public static Guid Next() => Shared.Next(Guid.CreateVersion7());

    /// <summary>From now on, only ids after <paramref name="highest"/> (the highest already stored; see <see cref="PrivateIpIdFloor"/>).</summary>
    public static void StartAfter(Guid highest) => Shared.After(highest);

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
