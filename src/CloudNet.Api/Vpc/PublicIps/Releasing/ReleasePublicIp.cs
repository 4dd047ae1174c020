using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Compute.FloatingIps;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PublicIps.Releasing;

/// <summary><c>DELETE /v1/{project_id}/publicips/{publicip_id}</c>: 204, the address back to its pool, released as nova's and Neutron's
/// DELETE release it. Huawei refuses to release a bound EIP (409 <c>VPC.0517</c>: unbind it first), where nova detaches it.</summary>
public static class ReleasePublicIpEndpoint
{
    [WolverineDelete("/v1/{projectId}/publicips/{publicipId}", OperationId = "ReleasePublicIp")]
    [Tags("VPC: EIPs")]
    public static async Task<IResult> Delete(string projectId, string publicipId, Caller caller, IDocumentSession session, FloatingIpPools pools,
        DateTimeOffset now, CancellationToken ct)
    {
        var allocator = await session.AddressAllocatorAsync(ct);
        var (ip, stream, view) = await PublicIpLookup.ForWritingAsync(session, publicipId, caller, ct);
        if (PublicIpRules.RefuseRelease(view) is { } refused) throw refused;
        await FloatingIpRelease.ReleaseAsync(session, allocator, pools, ip, stream, caller, now, ct);
        return Results.NoContent();
    }
}
