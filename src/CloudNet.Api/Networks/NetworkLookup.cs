using CloudNet.Errors;
using CloudNet.Identity;
using Marten;

namespace CloudNet.Networks;

public static class NetworkLookup
{
    /// <summary>Neutron's 404 for a network the caller cannot see, whichever route names it.</summary>
    public static Rejection NotFound(string networkId) => Rejection.NotFound($"Network {networkId} could not be found.", "NetworkNotFound");

    /// <summary>A network the caller may see (its own, or a shared one), or null: every family words its own 404.</summary>
    public static async Task<Network?> VisibleAsync(IQuerySession session, Guid networkId, Caller caller, CancellationToken ct)
    {
        var network = (await session.LoadAsync<Network>(NetworkKeys.StreamId(networkId), ct)).Is(networkId);
        return network is not null && network.VisibleTo(caller.TenantId) ? network : null;
    }

    /// <summary>Every network the caller may see: the shared ones and its own, oldest first; networks created at the same
    /// instant (PublicNet and ServiceNet are seeded together) by id, so the order never depends on where rows happen to lie
    /// (it must survive a rebuild or an import of the read models).</summary>
    public static async Task<IReadOnlyList<Network>> AllVisibleAsync(IQuerySession session, Caller caller, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        return await session.Query<Network>().Where(n => n.TenantId == null || n.Shared || n.TenantId == tenant)
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.NetworkId).ToListAsync(ct);
    }

    /// <summary>The network, loaded after taking its shared lock, so it cannot be deleted while this
    /// transaction gives out addresses on it (see <see cref="NetworkLocks"/>).</summary>
    public static async Task<Network?> ForAddressingAsync(IDocumentSession session, Guid networkId, Caller caller, CancellationToken ct)
    {
        await NetworkLocks.ShareAsync(session, networkId, ct);
        return await VisibleAsync(session, networkId, caller, ct);
    }
}
