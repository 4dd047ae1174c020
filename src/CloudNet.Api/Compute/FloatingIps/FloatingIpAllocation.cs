using System.Net;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Quotas;
using Marten;

namespace CloudNet.Compute.FloatingIps;

/// <summary>Why a floating IP could not be allocated; each API family words and codes it its own way.</summary>
public enum AllocationRefusal { OverQuota, Exhausted, InUse, OutsideBlock, Reserved }

/// <summary>
/// Allocating a floating IP, whichever API asks (nova's <c>/os-floating-ips</c>, Neutron's <c>/v2.0/floatingips</c>):
/// one quota per tenant over both, the pool's IPAM scope, and a <see cref="FloatingIpAllocated"/> event the caller
/// starts the IP's stream with. Runs in the session's transaction, so a refused or failed request leaves no lease.
/// </summary>
public static class FloatingIpAllocation
{
    /// <param name="quota">The configured default; an admin's limit for the tenant (<c>PUT /os-quota-sets</c>) comes first.</param>
    /// <param name="requested">An address the client asked for (Neutron's <c>floating_ip_address</c>), or null for the next free one.</param>
    /// <param name="refuse">The family's rejection for each refusal.</param>
    public static async Task<FloatingIpAllocated> AllocateAsync(IDocumentSession session, FloatingIpPool pool, Caller caller, QuotaLimits limits,
        IPAddress? requested, string? description, DateTimeOffset now, Func<AllocationRefusal, Rejection> refuse, CancellationToken ct)
    {
        var allocator = await session.AddressAllocatorAsync(ct);
        var id = caller.NewId();
        var allocation = await allocator.AllocateAsync(pool.IpamScope, pool.Block, id, caller.TenantId, requested, ct);
        if (!allocation.Succeeded)
        {
            // Over quota is the first answer, as nova and Neutron give it, whatever else stands in the way.
            var held = (await QuotaUsage.HeldAsync(session, caller.TenantId, ct))[QuotaResources.FloatingIp];
            if (!QuotaLimits.Allows(await limits.ForAsync(session, caller.TenantId, QuotaResources.FloatingIp, ct), held, 1))
                throw refuse(AllocationRefusal.OverQuota);
            throw refuse(allocation.Outcome switch
            {
                AllocationOutcome.InUse => AllocationRefusal.InUse,
                AllocationOutcome.OutsideBlock => AllocationRefusal.OutsideBlock,
                AllocationOutcome.Reserved => AllocationRefusal.Reserved,
                _ => AllocationRefusal.Exhausted,
            });
        }

        // The quota is decided in the session's batch: the tenant's other allocations wait on it only from there to the
        // COMMIT, not while this one finds its address. A refusal there rolls the lease back with everything else.
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.FloatingIp, [id], refuse(AllocationRefusal.OverQuota));
        return FloatingIpRules.Allocate(id, caller, pool.Name, allocation.Address!, now, description);
    }
}
