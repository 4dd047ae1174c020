using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Listing;

/// <summary><c>GET /v2.0/networks</c>: the shared networks, the caller's, and the floating IP pools as external networks,
/// filtered by <c>id</c>, <c>name</c>, <c>shared</c>, <c>router:external</c>.</summary>
public static class ListNetworksEndpoint
{
    [WolverineGet("/v2.0/networks", OperationId = "ListNetworks")]
    [Tags("Networks")]
    public static async Task<IResult> Get(HttpContext context, IQuerySession session, FloatingIpPools pools)
    {
        var networks = await NetworkLookup.AllVisibleAsync(session, context.Caller(), context.RequestAborted);
        var query = context.Request.Query;
        var matching = networks.Select(n => (Network: n, External: false))
            .Concat(pools.All.Select(p => (Network: ExternalNetworks.AsNetwork(p), External: true)));
        if (query["id"] is { Count: > 0 } ids) matching = matching.Where(x => ids.Contains(x.Network.NetworkId.ToString()));
        if (query["name"] is { Count: > 0 } names) matching = matching.Where(x => names.Contains(x.Network.Label));
        if (bool.TryParse(query["shared"], out var shared)) matching = matching.Where(x => (!x.External && x.Network.IsShared) == shared);
        if (bool.TryParse(query["router:external"], out var external)) matching = matching.Where(x => x.External == external);
        return Results.Json(new
        {
            networks = matching.Select(x => x.External ? ExternalNetworks.Json(pools.ByNetworkId(x.Network.NetworkId)!) : NeutronJson.Network(x.Network)),
        });
    }
}
