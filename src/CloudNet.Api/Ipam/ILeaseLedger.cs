using System.Net;

namespace CloudNet.Ipam;

/// <summary>
/// Storage port for address leases. Leases, and taking an address off the released list, happen inside the
/// caller's transaction, so a failed allocation gives them back. Only the cursor moves in a transaction of its own:
/// it is the one thing every allocation of a scope would otherwise wait for until the previous one commits.
/// No operation may scan the leases of a scope: allocation cost must not grow with usage.
/// </summary>
public interface ILeaseLedger
{
    /// <summary>
    /// Takes the scope's lowest released address that the block's cursor could hand out (not one of its reserved
    /// addresses, and inside its allocation pools if it has any) off the released list and leases it to the holder,
    /// skipping released addresses another transaction is taking (so allocations of one scope never wait for each other
    /// here). <see cref="ReleasedLease.Address"/> is null when none was free; <see cref="ReleasedLease.Leased"/> is false
    /// when the address turned out to be leased already (it had been requested explicitly after its release): it is off
    /// the list then, and the caller tries again.
    /// </summary>
    Task<ReleasedLease> LeaseReleasedAsync(string scope, AddressBlock block, Guid holderId, string tenantId, CancellationToken ct);

    /// <summary>
    /// Moves the scope's cursor one address on, in a transaction of its own committed at once (registering the scope
    /// on first use), and lists the address it passed as released unless it is one of the block's reserved ones.
    /// The caller then takes it with <see cref="LeaseListedAsync"/>; an allocation that fails or dies on the way
    /// leaves it on the released list for the next one, so the cursor never loses an address.
    /// </summary>
    Task<CursorStep> AdvanceCursorAsync(string scope, AddressBlock block, CancellationToken ct);

    /// <summary>
    /// Like <see cref="LeaseReleasedAsync"/>, for one address the caller's cursor step listed: taken by its key, so
    /// the released list's churn (every cursor step inserts and deletes a row) is never scanned.
    /// <see cref="ReleasedLease.Address"/> is null when another allocation took it first.
    /// </summary>
    Task<ReleasedLease> LeaseListedAsync(string scope, IPAddress address, Guid holderId, string tenantId, CancellationToken ct);

    /// <summary>Records the lease unless the address is already leased in the scope; returns whether it was recorded.</summary>
    Task<bool> TryLeaseAsync(string scope, IPAddress address, Guid holderId, string tenantId, CancellationToken ct);

    /// <summary>
    /// Deletes the lease only if <paramref name="holderId"/> holds it, and then records the address as
    /// released so it is reused before the cursor moves on. Returns whether the lease was held.
    /// </summary>
    Task<bool> ReleaseAsync(string scope, IPAddress address, Guid holderId, CancellationToken ct);

    /// <summary>
    /// Sends the scope's cursor back to its first offset, in the caller's transaction: after a subnet's allocation pools
    /// change, offsets name other addresses, and the cursor walks the new pools from their start (skipping what is leased).
    /// </summary>
    Task ResetCursorAsync(string scope, CancellationToken ct);

    /// <summary>Whether any address of these scopes is leased: a subnet or network with leases is in use.</summary>
    Task<bool> AnyLeasedAsync(IReadOnlyCollection<string> scopes, CancellationToken ct);
}

/// <summary>What <see cref="ILeaseLedger.LeaseReleasedAsync"/> took off the released list, and whether it is now leased.</summary>
public readonly record struct ReleasedLease(IPAddress? Address, bool Leased);

/// <summary>
/// A step of <see cref="ILeaseLedger.AdvanceCursorAsync"/>: false <see cref="Moved"/> once the cursor had passed the
/// block's last address; <see cref="Listed"/> the address put on the released list, null for a reserved one.
/// </summary>
public readonly record struct CursorStep(bool Moved, IPAddress? Listed);
