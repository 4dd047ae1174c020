using System.Collections.Concurrent;

namespace CloudNet.Ipam;

/// <summary>
/// This process's reservations in one store: its owner id in <c>ipam_reserved</c>, and per scope how many reserved
/// addresses it believes it has left. The table decides; the count only saves an allocation the probe that would find
/// nothing, and it is corrected whenever a probe does find nothing. One cursor step per scope at a time from this
/// process, so that concurrent allocations that find the reservation used up do not each reserve a block.
/// </summary>
public sealed class AddressReservations
{
    readonly ConcurrentDictionary<string, Scope> _scopes = new(StringComparer.Ordinal);

    /// <summary>Identifies this process's rows; registered in <c>ipam_reservers</c> with its first reservation.</summary>
    public Guid Owner { get; } = Guid.NewGuid();

    /// <summary>Whether this process has reserved anything yet (and so keeps its owner row alive).</summary>
    public bool Registered => Volatile.Read(ref registered) == 1;

    int registered;

    internal bool MarkRegistered() => Interlocked.Exchange(ref registered, 1) == 0;

    internal int Left(string scope) => Volatile.Read(ref Of(scope).Left);

    internal void Added(string scope, int count) => Interlocked.Add(ref Of(scope).Left, count);

    internal void Took(string scope)
    {
        var state = Of(scope);
        if (Interlocked.Decrement(ref state.Left) < 0) Interlocked.Exchange(ref state.Left, 0);
    }

    internal void Forget(string scope) => Interlocked.Exchange(ref Of(scope).Left, 0);

    internal SemaphoreSlim Gate(string scope) => Of(scope).Gate;

    Scope Of(string scope) => _scopes.GetOrAdd(scope, _ => new Scope());

    sealed class Scope
    {
        public int Left;
        public readonly SemaphoreSlim Gate = new(1, 1);
    }
}
