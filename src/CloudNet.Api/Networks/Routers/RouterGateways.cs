using System.Net;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.FloatingIps;
using Marten;

namespace CloudNet.Networks.Routers;

/// <summary>
/// A router's gateway on a floating IP pool (the external networks of this service): its addresses come from the pool's IPAM
/// scope, as floating IPs do, and go back to it when the gateway is cleared or moves. Each address given or taken back is an
/// event in the address's own stream (the pools have no network stream), so the address history shows the router holding it.
/// </summary>
public static class RouterGateways
{
    /// <summary>
    /// The gateway the router has after <paramref name="requested"/> (null: none): the current one kept when the request names
    /// its network and no other addresses (only SNAT may change), else a new attachment with addresses from the pool, the old
    /// one's given back. Moving off a network that floating IPs reach the router through is Neutron's 409.
    /// </summary>
    public static async Task<RouterGateway?> ChangeAsync(IDocumentSession session, FloatingIpPools pools, Guid routerId, RouterGateway? current,
        GatewayRequest? requested, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        if (current is not null && requested?.NetworkId == current.NetworkId && Keeps(current, requested.ExternalFixedIps))
            return current with { EnableSnat = requested.EnableSnat ?? current.EnableSnat };

        var pool = requested is null ? null : await PoolAsync(session, pools, requested.NetworkId, caller, ct);
        if (current is not null)
        {
            if (requested?.NetworkId != current.NetworkId && await FloatingIpRouting.AnyThroughAsync(session, routerId, ct))
                throw RouterRules.GatewayInUseByFloatingIp(routerId, current.NetworkId);
            await ReleaseAsync(session, pools, routerId, current, caller, now, ct);
        }
        if (requested is null) return null;

        var allocator = await session.AddressAllocatorAsync(ct);
        var portId = caller.NewId();
        var subnetId = ExternalNetworks.SubnetIdOf(pool!);
        var fixedIps = new List<FixedIp>();
        foreach (var wanted in requested.ExternalFixedIps ?? [new AddressRequest(subnetId, null)])
        {
            if (wanted.SubnetId is { } named && named != subnetId)
                throw Errors.Rejection.BadRequest($"Invalid input for operation: Failed to create port on network {pool!.NetworkId}, " +
                    $"because fixed_ips included invalid subnet {named}.", "InvalidInput");
            var allocation = await allocator.AllocateAsync(pool!.IpamScope, pool.Block, portId, caller.TenantId, wanted.Address, ct);
            if (!allocation.Succeeded)
                throw NeutronFloatingIpErrors.Refusals(pool.NetworkId, subnetId, wanted.Address?.ToString())(allocation.Outcome switch
                {
                    AllocationOutcome.InUse => AllocationRefusal.InUse,
                    AllocationOutcome.OutsideBlock => AllocationRefusal.OutsideBlock,
                    AllocationOutcome.Reserved => AllocationRefusal.Reserved,
                    _ => AllocationRefusal.Exhausted,
                });
            Record(session, new NetworkAddressAssigned(pool.NetworkId, subnetId, allocation.Address!.ToString(), portId, AddressHolder.Router,
                routerId, caller.TenantId, caller.UserName, now));
            fixedIps.Add(new FixedIp(subnetId, allocation.Address!.ToString(), pool.Block.Version));
        }
        return new RouterGateway(portId, pool!.NetworkId, requested.EnableSnat ?? true, fixedIps);
    }

    /// <summary>Gives the gateway's addresses back to the pool, each an event in its address's stream.</summary>
    public static async Task ReleaseAsync(IDocumentSession session, FloatingIpPools pools, Guid routerId, RouterGateway gateway, Caller caller,
        DateTimeOffset now, CancellationToken ct)
    {
        var allocator = await session.AddressAllocatorAsync(ct);
        var pool = pools.ByNetworkId(gateway.NetworkId);
        foreach (var ip in gateway.ExternalFixedIps)
        {
            // A pool taken out of the configuration keeps its leases (as its floating IPs do); the holding ends all the same.
            if (pool is not null) await allocator.ReleaseAsync(pool.IpamScope, IPAddress.Parse(ip.Address), gateway.PortId, ct);
            Record(session, Released(gateway, ip, caller.TenantId, caller.UserName, now));
        }
    }

    /// <summary>The event that gives one of a gateway's addresses back (a tenant reset appends the same).</summary>
    public static NetworkAddressReleased Released(RouterGateway gateway, FixedIp ip, string tenantId, string by, DateTimeOffset now) =>
        new(gateway.NetworkId, ip.SubnetId, ip.Address, gateway.PortId, AddressHolder.Router, by, now, tenantId);

    /// <summary>The address's own stream (see <see cref="AddressStreams"/>): its lease's holder is the only one appending.</summary>
    public static Guid StreamOf(Guid networkId, string address) => AddressStreams.IdOf(networkId, IPAddress.Parse(address));

    static void Record(IDocumentSession session, NetworkAddressAssigned assigned) =>
        session.Events.Append(StreamOf(assigned.NetworkId, assigned.Address), assigned);

    static void Record(IDocumentSession session, NetworkAddressReleased released) =>
        session.Events.Append(StreamOf(released.NetworkId, released.Address), released);

    /// <summary>The request keeps the current addresses: it names none, or exactly those.</summary>
    static bool Keeps(RouterGateway current, IReadOnlyList<AddressRequest>? requested) =>
        requested is null || (requested.Count == current.ExternalFixedIps.Count
            && requested.All(r => r.Address is { } a && current.ExternalFixedIps.Any(f => f.Address == a.ToString()
                && (r.SubnetId is null || r.SubnetId == f.SubnetId))));

    /// <summary>The external network's pool: Neutron's 404 for a network the caller cannot see, 400 for one that is not external
    /// (PublicNet, ServiceNet, a tenant's; a network an admin marked external is not a pool, and gateways are on pools).</summary>
    static async Task<FloatingIpPool> PoolAsync(IQuerySession session, FloatingIpPools pools, Guid networkId, Caller caller, CancellationToken ct) =>
        pools.ByNetworkId(networkId) ?? throw (await NetworkLookup.VisibleAsync(session, networkId, caller, ct) is null
            ? NeutronFloatingIpErrors.NetworkNotFound(networkId.ToString())
            : RouterRules.NotExternal(networkId));
}
