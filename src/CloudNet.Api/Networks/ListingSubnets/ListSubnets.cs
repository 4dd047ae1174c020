using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.ListingSubnets;

/// <summary><c>GET /v2.0/subnets</c> (the external networks' too), as Neutron lists them.</summary>
public static class ListSubnetsEndpoint
{
    [WolverineGet("/v2.0/subnets", OperationId = "ListSubnets")]
    [Tags("Networks")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, FloatingIpPools pools, CancellationToken ct)
    {
        var networks = (await NetworkLookup.AllVisibleAsync(session, caller, ct))
            .Concat(pools.All.Select(ExternalNetworks.AsNetwork));
        var bodies = networks.SelectMany(n => n.Subnets.Select(s => NeutronJson.Subnet(n, s)));
        return NeutronCollection.Respond(context, "subnets", "subnets", bodies, "Subnet", "SubnetNotFound");
    }
}
