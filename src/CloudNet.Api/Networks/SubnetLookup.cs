using CloudNet.Errors;
using CloudNet.Identity;
using Marten;

namespace CloudNet.Networks;

public static class SubnetLookup
{
    public static Rejection NotFound(string subnetId) => Rejection.NotFound($"Subnet {subnetId} could not be found.", "SubnetNotFound");

    /// <summary>The network holding a subnet the caller may see, found through the network snapshots.</summary>
    public static async Task<(Network Network, Subnet Subnet)> VisibleAsync(IQuerySession session, string subnetId, Caller caller, CancellationToken ct)
    {
        if (!Guid.TryParse(subnetId, out var id)) throw NotFound(subnetId);
        var tenant = caller.TenantId;
        var network = await session.Query<Network>()
            .Where(n => n.Subnets.Any(s => s.Id == id) && (n.TenantId == null || n.Shared || n.TenantId == tenant))
            .FirstOrDefaultAsync(ct);
        return network is null ? throw NotFound(subnetId) : (network, network.Subnets.Single(s => s.Id == id));
    }
}
