using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Listing;

/// <summary><c>GET /v2.0/networks</c>: the shared networks, the caller's, and the floating IP pools as external networks, as
/// Neutron lists them (filters on any attribute, tags, sorting, paging, fields).</summary>
public static class ListNetworksEndpoint
{
    [WolverineGet("/v2.0/networks", OperationId = "ListNetworks")]
    [Tags("Networks")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, FloatingIpPools pools, CancellationToken ct)
    {
        var networks = await NetworkLookup.AllVisibleAsync(session, caller, ct);
        var bodies = networks.Select(NeutronJson.Network).Concat(pools.All.Select(ExternalNetworks.Json));
        return NeutronCollection.Respond(context, "networks", "networks", bodies, "Network", "NetworkNotFound");
    }
}
