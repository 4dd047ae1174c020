using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.DeletingSubnets;

/// <summary><c>DELETE /v2.0/subnets/{id}</c>: 204; 409 <c>SubnetInUse</c> while any of its addresses is held.</summary>
public static class DeleteSubnetEndpoint
{
    [WolverineDelete("/v2.0/subnets/{subnetId}", OperationId = "DeleteSubnet")]
    [Tags("Networks")]
    public static async Task<IResult> Delete(string subnetId, Caller caller, IDocumentSession session, FloatingIpPools pools, DateTimeOffset now,
        CancellationToken ct)
    {
        if (pools.BySubnetId(subnetId) is { } pool) throw ExternalNetworkRules.NotChangeable(pool.NetworkId.ToString());
        var (found, subnet) = await SubnetLookup.VisibleAsync(session, subnetId, caller, ct);
        // Before the lock, as ownership never changes: a refused caller must not make the network's allocations wait.
        NetworkRules.EnsureMayChangeSubnets(found, caller);
        await NetworkLocks.ExclusiveAsync(session, found.NetworkId, ct);
        var stream = await session.Events.FetchForWriting<Network>(found.Id, ct);
        if (stream.Aggregate is not { } network || network.Subnets.All(s => s.Id != subnet.Id)) throw SubnetLookup.NotFound(subnetId);
        var allocator = await session.AddressAllocatorAsync(ct);
        if (await allocator.AnyLeasedAsync([subnet.IpamScope], ct))
            throw Rejection.Conflict($"Unable to complete operation on subnet {subnetId}: One or more ports have an IP allocation from this subnet.", "SubnetInUse");
        stream.AppendOne(new SubnetDeleted(network.NetworkId, subnet.Id, caller.UserName, now));
        return Results.NoContent();
    }
}
