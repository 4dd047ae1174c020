using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Showing;

public static class ShowNetworkEndpoint
{
    [WolverineGet("/v2.0/networks/{networkId}", OperationId = "ShowNetwork")]
    [Tags("Networks")]
    public static async Task<IResult> Get(string networkId, HttpContext context, Caller caller, IQuerySession session, FloatingIpPools pools,
        CancellationToken ct)
    {
        if (pools.ByNetworkId(networkId) is { } pool) return NeutronCollection.Show(context, "network", ExternalNetworks.Json(pool));
        var network = Guid.TryParse(networkId, out var id)
            ? await NetworkLookup.VisibleAsync(session, id, caller, ct)
            : null;
        return network is null ? throw NetworkLookup.NotFound(networkId) : NeutronCollection.Show(context, "network", NeutronJson.Network(network));
    }
}
