using System.Net;

namespace CloudNet.Ipam;

/// <summary>
/// Storage port for address leases. Implementations work inside the caller's transaction, so a
/// cursor step or a popped released address is rolled back together with a failed allocation.
/// No operation may scan the leases of a scope: allocation cost must not grow with usage.
/// </summary>
public interface ILeaseLedger
{
    /// <summary>
    /// Locks the scope (registering it on first use) until the caller's transaction ends. Every allocation takes
    /// it first, so two transactions never hold parts of one scope each (a lease and the cursor) while waiting
    /// for the other's: allocations in a scope run one at a time, in whatever order they take addresses.
    /// </summary>
    Task LockScopeAsync(string scope, CancellationToken ct);

    /// <summary>Removes and returns the lowest released address of the scope, or null when none is free.</summary>
    Task<IPAddress?> TakeReleasedAsync(string scope, CancellationToken ct);

    /// <summary>
    /// Takes the scope's next cursor offset (registering the scope on first use); null once the cursor
    /// has reached <paramref name="capacity"/>.
    /// </summary>
    Task<long?> AdvanceCursorAsync(string scope, long capacity, CancellationToken ct);

    /// <summary>Records the lease unless the address is already leased in the scope; returns whether it was recorded.</summary>
    Task<bool> TryLeaseAsync(string scope, IPAddress address, Guid holderId, string tenantId, CancellationToken ct);

    /// <summary>
    /// Deletes the lease only if <paramref name="holderId"/> holds it, and then records the address as
    /// released so it is reused before the cursor moves on. Returns whether the lease was held.
    /// </summary>
    Task<bool> ReleaseAsync(string scope, IPAddress address, Guid holderId, CancellationToken ct);

    /// <summary>Whether any address of these scopes is leased: a subnet or network with leases is in use.</summary>
    Task<bool> AnyLeasedAsync(IReadOnlyCollection<string> scopes, CancellationToken ct);
}
