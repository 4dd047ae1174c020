using System.Net;

namespace CloudNet.Ipam;

/// <summary>
/// Hands out addresses of a block without looking at the addresses already in use: released addresses
/// first (lowest first), then the scope's cursor. The ledger's lease uniqueness decides every race, so a
/// candidate that turns out to be taken (e.g. it was requested explicitly earlier) is simply skipped.
/// No lock of the scope is held while the request goes on: allocations of one pool or subnet run side by side.
/// </summary>
public sealed class AddressAllocator(ILeaseLedger ledger)
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

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var taken = await ledger.LeaseReleasedAsync(scope, block, holderId, tenantId, ct);
            if (taken.Leased) return Allocation.Of(taken.Address!);
            if (taken.Address is not null) continue;

            // Nothing released is free: move the cursor on, which lists the next address as released, and take that.
            // Another allocation may take it first (it is on the list like any other): then look again.
            CursorStep step;
            do step = await ledger.AdvanceCursorAsync(scope, block, ct);
            while (step is { Moved: true, Listed: null });
            if (!step.Moved) return Allocation.Failed(AllocationOutcome.Exhausted);
            var listed = await ledger.LeaseListedAsync(scope, step.Listed!, holderId, tenantId, ct);
            if (listed.Leased) return Allocation.Of(listed.Address!);
        }
    }

    public Task<bool> ReleaseAsync(string scope, IPAddress address, Guid holderId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        ArgumentNullException.ThrowIfNull(address);
        return ledger.ReleaseAsync(scope, address, holderId, ct);
    }

    /// <summary>After a change of the block's allocation pools: the cursor walks the new pools from their start.</summary>
    public Task ResetCursorAsync(string scope, CancellationToken ct) => ledger.ResetCursorAsync(scope, ct);

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
