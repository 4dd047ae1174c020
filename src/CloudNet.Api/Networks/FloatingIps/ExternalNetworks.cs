using CloudNet.Compute.FloatingIps.Pools;

namespace CloudNet.Networks.FloatingIps;

/// <summary>
/// Each configured floating IP pool seen as Neutron's external network (<c>router:external: true</c>), with one
/// subnet holding the pool's CIDR: what <c>floating_network_id</c> names. They come from configuration, as the
/// pools do, not from a stream: no tenant owns them, no address of them is given to a port, and they cannot be
/// deleted or changed through the API. Ids are derived from the pool's name, so they are the same in every
/// deployment with the same configuration.
/// </summary>
public static class ExternalNetworks
{
    /// <summary>Their <c>created_at</c> and <c>updated_at</c>: configuration has no time, so a fixed one, that a
    /// restart or a rebuild of the projections never changes.</summary>
    public static readonly DateTimeOffset ConfiguredAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Guid SubnetIdOf(FloatingIpPool pool) => NameBasedIds.Of($"pool:{pool.Name}/subnet:{pool.Block.Cidr}");

    /// <summary>The pool as a shared network (no tenant) with its one subnet; the pool's addresses have no gateway.</summary>
    public static Network AsNetwork(FloatingIpPool pool) =>
        new(pool.NetworkId, pool.NetworkId, null, pool.Name, [SubnetOf(pool)], ConfiguredAt, ConfiguredAt)
        {
            Attributes = NetworkAttributes.Defaults with { External = true },
        };

    public static Subnet SubnetOf(FloatingIpPool pool) =>
        new(SubnetIdOf(pool), $"{pool.Name}-v{pool.Block.Version}", pool.Block.Cidr, pool.Block.Version, null, ConfiguredAt) { EnableDhcp = false };

    /// <summary>Neutron's network body, marked external. Not <c>shared</c>: in Neutron that means every tenant may plug
    /// ports into it, which a pool does not allow; every tenant sees it as an external network all the same, as
    /// Neutron's own external networks are seen (devstack's <c>public</c>: <c>shared: false</c>, <c>router:external: true</c>).</summary>
    public static Dictionary<string, object?> Json(FloatingIpPool pool)
    {
        var json = NeutronJson.Network(AsNetwork(pool));
        json["shared"] = false;
        return json;
    }

    public static FloatingIpPool? ByNetworkId(this FloatingIpPools pools, Guid networkId) =>
        pools.All.FirstOrDefault(p => p.NetworkId == networkId);

    public static FloatingIpPool? ByNetworkId(this FloatingIpPools pools, string networkId) =>
        Guid.TryParse(networkId, out var id) ? pools.ByNetworkId(id) : null;

    public static FloatingIpPool? BySubnetId(this FloatingIpPools pools, string subnetId) =>
        Guid.TryParse(subnetId, out var id) ? pools.All.FirstOrDefault(p => SubnetIdOf(p) == id) : null;
}

public static class ExternalNetworkRules
{
    /// <summary>The pools' networks are the operator's (configuration): a tenant may not delete them or change their subnets.</summary>
    public static Errors.Rejection NotChangeable(string networkId) =>
        Errors.Rejection.Forbidden($"Network {networkId} is an external network (a floating IP pool of this service's configuration); " +
            "only the operator may delete or change it.", "PolicyNotAuthorized");
}
