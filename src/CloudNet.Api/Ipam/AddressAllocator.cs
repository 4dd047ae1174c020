using System.Net;

namespace CloudNet.Ipam;

/// <summary>
/// Hands out addresses of a block without looking at the addresses already in use: released addresses first (lowest
/// first), then the addresses this process reserved from the scope's cursor a block at a time (lowest first), both in
/// one statement. The ledger's lease uniqueness decides every race, so a candidate that turns out to be taken (e.g. it
/// was requested explicitly earlier) is simply skipped. No lock of the scope is held while the request goes on:
/// allocations of one pool or subnet run side by side.
/// </summary>
public sealed class AddressAllocator(ILeaseLedger ledger, AddressReservations reservations)
{
    public async Task<Allocation> AllocateAsync(
        string scope, AddressBlock block, Guid holderId, string tenantId, IPAddress? requested, CancellationToken ct)
    {
        var allocation = await FindAsync(scope, block, holderId, tenantId, requested, ct);
        Observability.CloudNetMetrics.Allocation(scope, allocation.Outcome);
        return allocation;
    }

    async Task<Allocation> FindAsync(
        string scope, AddressBlock block, Guid holderId, string tenantId, IPAddress? requested, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);

        if (requested is not null)
            return await AllocateRequestedAsync(scope, block, holderId, tenantId, requested, ct);

        var anyOwner = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (!anyOwner && reservations.Left(scope) <= 0)
                anyOwner = !await ReserveAsync(scope, block, ct);

            var taken = await ledger.LeaseNextAsync(scope, block, reservations.Owner, anyOwner, holderId, tenantId, ct);
            if (taken.Reserved) reservations.Took(scope);
            if (taken.Leased) return Allocation.Of(taken.Address!);
            if (taken.Address is not null) continue;

            // Nothing released, nothing of ours reserved (in flight elsewhere in this process, or reset): reserve again.
            // Once the cursor is past the end, what other processes reserved and have not used is taken too, and only
            // when that is gone as well is the block exhausted.
            if (anyOwner) return Allocation.Failed(AllocationOutcome.Exhausted);
            reservations.Forget(scope);
        }
    }

    /// <summary>Moves the cursor until it reserves something or passes the end (false). One step per scope at a time
    /// from this process: an allocation that waited finds the others' reservation.</summary>
    async Task<bool> ReserveAsync(string scope, AddressBlock block, CancellationToken ct)
    {
        var gate = reservations.Gate(scope);
        await gate.WaitAsync(ct);
        try
        {
            while (reservations.Left(scope) <= 0)
            {
                var step = await ledger.ReserveAsync(scope, block, reservations.Owner, ct);
                if (!step.Moved) return false;
                reservations.MarkRegistered();
                reservations.Added(scope, step.Reserved);
            }
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<bool> ReleaseAsync(string scope, IPAddress address, Guid holderId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        ArgumentNullException.ThrowIfNull(address);
        return ledger.ReleaseAsync(scope, address, holderId, ct);
    }

    /// <summary>After a change of the block's allocation pools: the cursor walks the new pools from their start.</summary>
    public Task ResetCursorAsync(string scope, CancellationToken ct)
    {
        reservations.Forget(scope);
        return ledger.ResetCursorAsync(scope, ct);
    }

    public Task<bool> AnyLeasedAsync(IReadOnlyCollection<string> scopes, CancellationToken ct) =>
        scopes.Count == 0 ? Task.FromResult(false) : ledger.AnyLeasedAsync(scopes, ct);

    private async Task<Allocation> AllocateRequestedAsync(
        string scope, AddressBlock block, Guid holderId, string tenantId, IPAddress requested, CancellationToken ct)
    {
        var check = block.Check(requested);
        if (check == AddressCheck.OutsideBlock) return Allocation.Failed(AllocationOutcome.OutsideBlock);
        if (check != AddressCheck.Usable) return Allocation.Failed(AllocationOutcome.Reserved);

        // Store the canonical form (e.g. IPv4 rather than IPv4-mapped) so the (scope, address) key stays unique.
        var address = block.Canonical(requested);
        return await ledger.TryLeaseAsync(scope, address, holderId, tenantId, ct)
            ? Allocation.Of(address)
            : Allocation.Failed(AllocationOutcome.InUse);
    }
}
