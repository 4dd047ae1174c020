using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.ShowingSubnets;

public static class ShowSubnetEndpoint
{
    [WolverineGet("/v2.0/subnets/{subnetId}", OperationId = "ShowSubnet")]
    [Tags("Networks")]
    public static async Task<IResult> Get(string subnetId, HttpContext context, Caller caller, IQuerySession session, FloatingIpPools pools,
        CancellationToken ct)
    {
        if (pools.BySubnetId(subnetId) is { } pool)
            return NeutronCollection.Show(context, "subnet", NeutronJson.Subnet(ExternalNetworks.AsNetwork(pool), ExternalNetworks.SubnetOf(pool)));
        var (network, subnet) = await SubnetLookup.VisibleAsync(session, subnetId, caller, ct);
        return NeutronCollection.Show(context, "subnet", NeutronJson.Subnet(network, subnet));
    }
}
