using System.Net;
using CloudNet.Errors;
using CloudNet.Networks.FloatingIps;
using Marten;

namespace CloudNet.Networks.Routers;

/// <summary>
/// Neutron's rule for floating IPs (<c>l3_db.get_router_for_floatingip</c>): a floating IP reaches a port on a tenant network
/// through a router with a gateway on the floating IP's network and an interface on the subnet of the port's address; the
/// router whose interface holds the subnet's gateway address comes first. Ports on the provider networks (PublicNet,
/// ServiceNet: the Rackspace model, routed by the operator) need none, nor do those on a Huawei VPC's subnets (the VPC routes).
/// </summary>
public static class FloatingIpRouting
{
    public static Rejection Unreachable(Guid externalNetworkId, Guid subnetId, Guid portId) => Rejection.NotFound(
        $"External network {externalNetworkId} is not reachable from subnet {subnetId}.  Therefore, cannot associate Port {portId} with a Floating IP.",
        "ExternalGatewayForFloatingIPNotFound");

    /// <summary>Pure: the router that routes <paramref name="subnet"/> to <paramref name="externalNetworkId"/>, if any: the one
    /// whose interface is the subnet's gateway first, else the first by id.</summary>
    public static Router? Choose(IEnumerable<Router> routers, Guid externalNetworkId, Subnet subnet)
    {
        var candidates = routers.Where(r => r.Gateway?.NetworkId == externalNetworkId && r.InterfaceOn(subnet.Id) is not null).OrderBy(r => r.Id).ToList();
        return candidates.FirstOrDefault(r => r.InterfaceOn(subnet.Id)!.FixedIps.Any(f => f.SubnetId == subnet.Id && f.Address == subnet.Gateway))
            ?? candidates.FirstOrDefault();
    }

    /// <summary>
    /// The router a floating IP of <paramref name="externalNetworkId"/> reaches <paramref name="fixedIp"/> (on port
    /// <paramref name="portId"/> of <paramref name="networkId"/>) through, its stream row locked until commit so that its interface
    /// and gateway stay while this commits (<see cref="RouterLookup.ForExclusiveWritingAsync"/>); null on a provider network.
    /// 404 <c>ExternalGatewayForFloatingIPNotFound</c> when no router does.
    /// </summary>
    public static async Task<Guid?> RouterForAsync(IDocumentSession session, Guid networkId, FixedIp fixedIp, Guid externalNetworkId, Guid portId,
        CancellationToken ct)
    {
        var network = (await session.LoadAsync<Network>(NetworkKeys.StreamId(networkId), ct)).Is(networkId);
        if (network is { IsProvider: true }) return null;
        var subnet = network?.Subnets.FirstOrDefault(s => s.Id == fixedIp.SubnetId) ?? throw Unreachable(externalNetworkId, fixedIp.SubnetId, portId);
        var subnetId = subnet.Id;
        var candidates = await session.Query<Router>().Where(r => r.GatewayNetworkId == externalNetworkId && r.SubnetIds.Contains(subnetId))
            .ToListAsync(ct);
        // A Huawei VPC is a router underneath (its quota error says so): its subnets reach the pools through it unless a router
        // of Neutron's is attached (then that one routes, as any tenant network's).
        if (Choose(candidates, externalNetworkId, subnet) is not { } chosen)
            return network!.VpcId is not null ? null : throw Unreachable(externalNetworkId, subnet.Id, portId);
        // Decided again on the router as locked, not on the snapshot it was found in.
        await session.BeginTransactionAsync(ct);
        var locked = (await session.Events.FetchForExclusiveWriting<Router>(chosen.Id, ct)).Aggregate;
        return locked is not null && Choose([locked], externalNetworkId, subnet) is not null
            ? locked.Id
            : throw Unreachable(externalNetworkId, subnet.Id, portId);
    }

    /// <summary>Whether any floating IP reaches its port through the router.</summary>
    public static Task<bool> AnyThroughAsync(IQuerySession session, Guid routerId, CancellationToken ct) =>
        session.Query<NeutronFloatingIp>().AnyAsync(f => f.RouterId == routerId, ct);

    /// <summary>The subnet among <paramref name="subnets"/> that a floating IP reaches its port on through the router, if any: an
    /// interface on it cannot go (Neutron's <c>RouterInterfaceInUseByFloatingIP</c>).</summary>
    public static async Task<Subnet?> SubnetInUseAsync(IQuerySession session, Guid routerId, IReadOnlyList<Subnet> subnets, CancellationToken ct)
    {
        var through = await session.Query<NeutronFloatingIp>().Where(f => f.RouterId == routerId).ToListAsync(ct);
        return subnets.FirstOrDefault(s =>
        {
            var network = IPNetwork.Parse(s.Cidr);
            return through.Any(f => f.FixedIp is { } address && network.Contains(IPAddress.Parse(address)));
        });
    }
}
