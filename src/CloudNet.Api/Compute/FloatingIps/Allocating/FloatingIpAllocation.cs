using System.Net;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;
using Npgsql;

namespace CloudNet.Compute.FloatingIps.Allocating;

/// <summary>Why a floating IP could not be allocated; each API family words and codes it its own way.</summary>
public enum AllocationRefusal { OverQuota, Exhausted, InUse, OutsideBlock, Reserved }

/// <summary>
/// Allocating a floating IP, whichever API asks (nova's <c>/os-floating-ips</c>, Neutron's <c>/v2.0/floatingips</c>):
/// one quota per tenant over both, the pool's IPAM scope, and a <see cref="FloatingIpAllocated"/> event the caller
/// starts the IP's stream with. Runs in the session's transaction, so a refused or failed request leaves no lease.
/// </summary>
public static class FloatingIpAllocation
{
    /// <param name="requested">An address the client asked for (Neutron's <c>floating_ip_address</c>), or null for the next free one.</param>
    /// <param name="refuse">The family's rejection for each refusal.</param>
    public static async Task<FloatingIpAllocated> AllocateAsync(IDocumentSession session, FloatingIpPool pool, Caller caller, int quota,
        IPAddress? requested, string? description, DateTimeOffset now, Func<AllocationRefusal, Rejection> refuse, CancellationToken ct)
    {
        // The quota is check-then-act: without a lock, parallel allocations all count the same committed IPs and
        // all pass. Allocations of one tenant therefore queue on a transaction-scoped lock, taken before counting;
        // each counts what the previous ones committed. Always this order (tenant lock, then the pool's scope row),
        // so two allocations never wait on each other in a cycle.
        var allocator = await session.AddressAllocatorAsync(ct);
        await LockTenantQuotaAsync(session, caller.TenantId, ct);
        var held = await session.Query<FloatingIp>().CountAsync(x => x.TenantId == caller.TenantId, ct);
        if (held >= quota) throw refuse(AllocationRefusal.OverQuota);

        var id = Guid.CreateVersion7();
        var allocation = await allocator.AllocateAsync(pool.IpamScope, pool.Block, id, caller.TenantId, requested, ct);
        if (!allocation.Succeeded)
            throw refuse(allocation.Outcome switch
            {
                AllocationOutcome.InUse => AllocationRefusal.InUse,
                AllocationOutcome.OutsideBlock => AllocationRefusal.OutsideBlock,
                AllocationOutcome.Reserved => AllocationRefusal.Reserved,
                _ => AllocationRefusal.Exhausted,
            });
        return FloatingIpRules.Allocate(id, caller, pool.Name, allocation.Address!, now, description);
    }

    /// <summary>A PostgreSQL advisory lock per tenant (and schema), held until the session's transaction ends.</summary>
    static async Task LockTenantQuotaAsync(IDocumentSession session, string tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", session.Connection);
        command.Parameters.AddWithValue("key", $"{session.DocumentStore.Options.DatabaseSchemaName}:floating-ip-quota:{tenantId}");
        await command.ExecuteNonQueryAsync(ct);
    }
}
