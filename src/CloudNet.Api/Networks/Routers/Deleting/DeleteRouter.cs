using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Routers.Deleting;

/// <summary><c>DELETE /v2.0/routers/{id}</c>: 204, its gateway address given back to the pool; 409 <c>RouterInUse</c> while it
/// has interfaces (remove them first, as Neutron asks).</summary>
public static class DeleteRouterEndpoint
{
    [WolverineDelete("/v2.0/routers/{routerId}", OperationId = "DeleteRouter")]
    [Tags("Networks: routers")]
    public static async Task<IResult> Delete(string routerId, Caller caller, IDocumentSession session, FloatingIpPools pools, DateTimeOffset now,
        CancellationToken ct)
    {
        var (router, stream) = await RouterLookup.ForExclusiveWritingAsync(session, routerId, caller, ct);
        if (router.Interfaces.Count > 0) throw RouterRules.InUse(router);
        // No floating IP can go through a router without interfaces: the gateway's addresses go without asking.
        if (router.Gateway is { } gateway) await RouterGateways.ReleaseAsync(session, pools, router.Id, gateway, caller, now, ct);
        stream.AppendOne(new RouterDeleted(router.Id, router.TenantId, caller.UserName, now));
        return Results.NoContent();
    }
}
