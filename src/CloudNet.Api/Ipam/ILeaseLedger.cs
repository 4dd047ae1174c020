using System.Net;

namespace CloudNet.Ipam;

/// <summary>
/// Storage port for address leases. Leases, and taking an address off the released list or out of a reservation,
/// happen inside the caller's transaction, so a failed allocation gives them back. Only the cursor moves in a
/// transaction of its own: it is the one thing every allocation of a scope would otherwise wait for until the previous
/// one commits, and it moves a block of addresses at a time (<see cref="ReserveAsync"/>), so that an allocation is one
/// statement on the caller's connection. No operation may scan the leases of a scope: allocation cost must not grow
/// with usage.
/// </summary>
public interface ILeaseLedger
{
    /// <summary>
    /// Takes, in one statement, the scope's lowest released address that the block's cursor could hand out (not one of
    /// its reserved addresses, and inside its allocation pools if it has any) or else the lowest address reserved by
    /// <paramref name="owner"/> (by anyone when <paramref name="anyOwner"/>: once the cursor has passed the block's end,
    /// what another process reserved and has not used is free to take), and leases it to the holder. Rows another
    /// transaction is taking are skipped, so allocations of one scope never wait for each other here.
    /// <see cref="TakenLease.Address"/> is null when nothing was free; <see cref="TakenLease.Leased"/> is false when the
    /// address turned out to be leased already (it had been requested explicitly): it is off the list then, and the
    /// caller tries again.
    /// </summary>
    Task<TakenLease> LeaseNextAsync(string scope, AddressBlock block, Guid owner, bool anyOwner, Guid holderId, string tenantId,
        CancellationToken ct);

    /// <summary>
    /// Moves the scope's cursor over the next block of offsets (<see cref="ReservationSize"/>), in a transaction of its
    /// own committed at once (registering the scope on first use), and reserves the addresses it passed for
    /// <paramref name="owner"/>, except the block's reserved ones. An allocation that fails or dies on the way leaves its
    /// address reserved for the owner's next one, so the cursor never loses an address; a process that stops gives its
    /// reservations back to the released list, and those of a process that died are recovered the same way
    /// (<see cref="IpamHousekeeping"/>).
    /// </summary>
    Task<ReservationStep> ReserveAsync(string scope, AddressBlock block, Guid owner, CancellationToken ct);

    /// <summary>Records the lease unless the address is already leased in the scope; returns whether it was recorded.</summary>
    Task<bool> TryLeaseAsync(string scope, IPAddress address, Guid holderId, string tenantId, CancellationToken ct);

    /// <summary>
    /// Deletes the lease only if <paramref name="holderId"/> holds it, and then records the address as
    /// released so it is reused before the cursor moves on. Returns whether the lease was held.
    /// </summary>
    Task<bool> ReleaseAsync(string scope, IPAddress address, Guid holderId, CancellationToken ct);

    /// <summary>
    /// Sends the scope's cursor back to its first offset and drops the scope's reservations, in the caller's transaction:
    /// after a subnet's allocation pools change, offsets name other addresses, and the cursor walks the new pools from
    /// their start (skipping what is leased).
    /// </summary>
    Task ResetCursorAsync(string scope, CancellationToken ct);

    /// <summary>Whether any address of these scopes is leased: a subnet or network with leases is in use.</summary>
    Task<bool> AnyLeasedAsync(IReadOnlyCollection<string> scopes, CancellationToken ct);

    /// <summary>
    /// How many offsets one <see cref="ReserveAsync"/> moves the cursor: one for blocks up to 127 addresses, so that small
    /// pools and subnets are walked exactly as one address at a time, then growing with the block up to 32. A constant
    /// of the block, so that the cursor's offsets stay multiples of it and each step names its block of offsets alone.
    /// </summary>
    public static long ReservationSize(AddressBlock block) => Math.Clamp(block.Capacity / 64, 1, 32);
}

/// <summary>What <see cref="ILeaseLedger.LeaseNextAsync"/> took, whether it is now leased, and whether it was a reservation.</summary>
public readonly record struct TakenLease(IPAddress? Address, bool Leased, bool Reserved);

/// <summary>
/// A step of <see cref="ILeaseLedger.ReserveAsync"/>: false <see cref="Moved"/> once the cursor had passed the block's last
/// address; <see cref="Reserved"/> how many addresses it reserved (none when it passed reserved addresses only).
/// </summary>
public readonly record struct ReservationStep(bool Moved, int Reserved);
