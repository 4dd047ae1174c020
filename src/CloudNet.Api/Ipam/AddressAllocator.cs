using System.Net;

namespace CloudNet.Ipam;

/// <summary>
/// Hands out addresses of a block without looking at the addresses already in use: released addresses
/// first (lowest first), then the scope's cursor. The ledger's lease uniqueness decides every race, so a
/// candidate that turns out to be taken (e.g. it was requested explicitly earlier) is simply skipped.
/// </summary>
public sealed class AddressAllocator(ILeaseLedger ledger)
{
    public async Task<Allocation> AllocateAsync(
        string scope, AddressBlock block, Guid holderId, string tenantId, IPAddress? requested, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);

        await ledger.LockScopeAsync(scope, ct);
        if (requested is not null)
            return await AllocateRequestedAsync(scope, block, holderId, tenantId, requested, ct);

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var candidate = await ledger.TakeReleasedAsync(scope, ct) ?? await NextFromCursorAsync(scope, block, ct);
            if (candidate is null) return Allocation.Failed(AllocationOutcome.Exhausted);

            // A released address may predate a gateway change; a cursor offset may be network/broadcast/gateway.
            if (block.Check(candidate) != AddressCheck.Usable) continue;
            if (await ledger.TryLeaseAsync(scope, candidate, holderId, tenantId, ct)) return Allocation.Of(candidate);
        }
    }

    public Task<bool> ReleaseAsync(string scope, IPAddress address, Guid holderId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        ArgumentNullException.ThrowIfNull(address);
        return ledger.ReleaseAsync(scope, address, holderId, ct);
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

    private async Task<IPAddress?> NextFromCursorAsync(string scope, AddressBlock block, CancellationToken ct)
    {
        var offset = await ledger.AdvanceCursorAsync(scope, block.Capacity, ct);
        return offset is { } o ? block.AddressAt(o) : null;
    }
}
