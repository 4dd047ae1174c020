using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Compute.FloatingIps;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.FloatingIps.Deleting;

/// <summary><c>DELETE /v2.0/floatingips/{id}</c>: 204. Released exactly as nova's DELETE releases: an associated IP is
/// first detached from its server (in both streams), then its address goes back to the pool.</summary>
public static class DeleteNeutronFloatingIpEndpoint
{
    [WolverineDelete("/v2.0/floatingips/{floatingIpId}", OperationId = "DeleteFloatingIpNeutron")]
    [Tags("Networks: floating IPs")]
    public static async Task<IResult> Delete(string floatingIpId, Caller caller, IDocumentSession session, FloatingIpPools pools, DateTimeOffset now,
        CancellationToken ct)
    {
        var allocator = await session.AddressAllocatorAsync(ct);
        var (ip, stream, _) = await NeutronFloatingIpLookup.ForWritingAsync(session, floatingIpId, caller, ct);
        await FloatingIpRelease.ReleaseAsync(session, allocator, pools, ip, stream, caller, now, ct);
        return Results.NoContent();
    }
}
