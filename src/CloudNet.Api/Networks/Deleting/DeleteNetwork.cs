using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Deleting;

/// <summary><c>DELETE /v2.0/networks/{id}</c>: 204; 409 <c>NetworkInUse</c> while any address is held on it.</summary>
public static class DeleteNetworkEndpoint
{
    [WolverineDelete("/v2.0/networks/{networkId}", OperationId = "DeleteNetwork")]
    [Tags("Networks")]
    public static async Task<IResult> Delete(string networkId, Caller caller, IDocumentSession session, FloatingIpPools pools, DateTimeOffset now,
        CancellationToken ct)
    {
        if (!Guid.TryParse(networkId, out var id)) throw NetworkLookup.NotFound(networkId);
        if (pools.ByNetworkId(id) is not null) throw ExternalNetworkRules.NotChangeable(networkId);
        return await NetworkRemoval.RemoveAsync(session, id, caller, now, ct) switch
        {
            RemovalOutcome.Removed => Results.NoContent(),
            RemovalOutcome.NotOwned => throw Rejection.Forbidden($"Network {networkId} is shared; only its owner may delete it.", "PolicyNotAuthorized"),
            RemovalOutcome.InUse => throw Rejection.Conflict(
                $"Unable to complete operation on network {networkId}. There are one or more ports still in use on the network.", "NetworkInUse"),
            _ => throw NetworkLookup.NotFound(networkId),
        };
    }
}
