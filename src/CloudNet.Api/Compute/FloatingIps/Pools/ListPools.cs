using Wolverine.Http;

namespace CloudNet.Compute.FloatingIps.Pools;

public static class ListFloatingIpPoolsEndpoint
{
    [WolverineGet("/os-floating-ip-pools", OperationId = "ListFloatingIpPools")]
    [Tags("Compute: floating IPs")]
    public static IResult Get(FloatingIpPools pools) =>
        Results.Json(new { floating_ip_pools = pools.All.Select(p => new { name = p.Name }) });
}
