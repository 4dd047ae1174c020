using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks;
using Marten;

namespace CloudNet.History.Addresses;

/// <summary>
/// Whether a caller may see a network's address history: shared networks and floating pools are seen by every
/// tenant (other tenants' holders redacted), a tenant network only by its tenant. Deleted networks keep their
/// history, so this reads the network's first event rather than its snapshot.
/// </summary>
public sealed class NetworkVisibility(IQuerySession session, FloatingIpPools pools, Caller caller)
{
    readonly Dictionary<Guid, bool> known = [];

    public async Task<bool> VisibleAsync(Guid networkId, CancellationToken ct)
    {
        if (known.TryGetValue(networkId, out var visible)) return visible;
        if (pools.All.Any(p => p.NetworkId == networkId)) return known[networkId] = true;
        var first = (await session.Events.FetchStreamAsync(NetworkKeys.StreamId(networkId), version: 1, token: ct)).FirstOrDefault();
        return known[networkId] = first?.Data is NetworkCreated created && created.NetworkId == networkId
            && (created.TenantId is null || created.TenantId == caller.TenantId);
    }
}
