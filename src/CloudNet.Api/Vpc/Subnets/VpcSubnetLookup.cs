using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;
using Marten;

namespace CloudNet.Vpc.Subnets;

/// <summary>A Huawei VPC subnet is a network with a subnet (seed 002's "Network ID"); these find the caller's.</summary>
public static class VpcSubnetLookup
{
    public static Rejection NotFound(string subnetId) => Rejection.NotFound($"Query subnet fail: subnet {subnetId} does not exist.", "VPC.0202");

    /// <summary>A network with a subnet that the caller may see (its own, or one an admin shared), as <c>GET …/subnets/{id}</c> shows it.</summary>
    public static async Task<Network> VisibleAsync(IQuerySession session, string subnetId, Caller caller, CancellationToken ct)
    {
        var network = Guid.TryParse(subnetId, out var id) ? await NetworkLookup.VisibleAsync(session, id, caller, ct) : null;
        return network is null || network.IsProvider || network.Subnets.Count == 0 ? throw NotFound(subnetId) : network;
    }

    /// <summary>One of the caller's own VPC subnets: what it may change (a shared network is its owner's).</summary>
    public static async Task<Network> OwnAsync(IQuerySession session, string subnetId, Caller caller, CancellationToken ct,
        Func<string, Rejection>? notFound = null)
    {
        var network = Guid.TryParse(subnetId, out var id) ? await NetworkLookup.VisibleAsync(session, id, caller, ct) : null;
        return network is not null && network.TenantId == caller.TenantId && network.Subnets.Count > 0
            ? network
            : throw (notFound ?? NotFound)(subnetId);
    }

    /// <summary>The caller's networks that have a subnet (made here or through the other families), by id.</summary>
    public static async Task<IReadOnlyList<Network>> AllOwnAsync(IQuerySession session, Caller caller, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var networks = await session.Query<Network>().Where(n => n.TenantId == tenant).OrderBy(n => n.NetworkId).ToListAsync(ct);
        return networks.Where(n => n.Subnets.Count > 0).ToList();
    }

    /// <summary>The network's IPv4 subnet (Huawei's <c>neutron_subnet_id</c>), else its first.</summary>
    public static Subnet? Primary(Network network) => network.Subnets.FirstOrDefault(s => s.Version == 4) ?? network.Subnets.FirstOrDefault();
}
