using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.ListingSubnets;

/// <summary><c>GET /v2.0/subnets</c> (the external networks' too), filtered by <c>network_id</c>, <c>id</c>, <c>ip_version</c>, <c>name</c>.</summary>
public static class ListSubnetsEndpoint
{
    [WolverineGet("/v2.0/subnets", OperationId = "ListSubnets")]
    [Tags("Networks")]
    public static async Task<IResult> Get(HttpContext context, IQuerySession session, FloatingIpPools pools)
    {
        var networks = (await NetworkLookup.AllVisibleAsync(session, context.Caller(), context.RequestAborted))
            .Concat(pools.All.Select(ExternalNetworks.AsNetwork));
        var query = context.Request.Query;
        var subnets = networks.SelectMany(n => n.Subnets.Select(s => (Network: n, Subnet: s)));
        if (query["network_id"] is { Count: > 0 } networkIds) subnets = subnets.Where(x => networkIds.Contains(x.Network.NetworkId.ToString()));
        if (query["id"] is { Count: > 0 } ids) subnets = subnets.Where(x => ids.Contains(x.Subnet.Id.ToString()));
        if (query["name"] is { Count: > 0 } names) subnets = subnets.Where(x => names.Contains(x.Subnet.Name));
        if (int.TryParse(query["ip_version"], out var version)) subnets = subnets.Where(x => x.Subnet.Version == version);
        return Results.Json(new { subnets = subnets.Select(x => NeutronJson.Subnet(x.Network, x.Subnet)) });
    }
}
