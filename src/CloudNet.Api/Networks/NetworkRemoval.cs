using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;

namespace CloudNet.Networks;

/// <summary>
/// Removing a network, shared by every family's delete route: under the network's exclusive lock (so no
/// allocation is in flight), only the owner's, and only when no address is held on any of its subnets and no port is on it.
/// </summary>
public static class NetworkRemoval
{
    public static async Task<RemovalOutcome> RemoveAsync(IDocumentSession session, Guid networkId, Caller caller,
        DateTimeOffset now, CancellationToken ct)
    {
        // Who may remove a network never changes: refuse before taking the lock, so that a caller who may not
        // remove it (any tenant, for PublicNet) never makes the network's allocations wait.
        var seen = NetworkRules.CanRemove(await NetworkLookup.VisibleAsync(session, networkId, caller, ct), caller, addressesHeld: false);
        if (seen is RemovalOutcome.NotFound or RemovalOutcome.NotOwned) return seen;

        await NetworkLocks.ExclusiveAsync(session, networkId, ct);
        var stream = await session.Events.FetchForWriting<Network>(NetworkKeys.StreamId(networkId), ct);
        var network = stream.Aggregate.Is(networkId);
        // A port without addresses holds the network too (Neutron's NetworkInUse counts ports, not addresses).
        var held = network is not null && network.TenantId == caller.TenantId
            && (await (await session.AddressAllocatorAsync(ct)).AnyLeasedAsync(network.Subnets.Select(s => s.IpamScope).ToList(), ct)
                || await session.Query<Ports.Port>().AnyAsync(p => p.NetworkId == networkId, ct));
        var outcome = NetworkRules.CanRemove(network, caller, held);
        if (outcome == RemovalOutcome.Removed)
            stream.AppendOne(new NetworkDeleted(networkId, caller.UserName, now));
        return outcome;
    }
}
