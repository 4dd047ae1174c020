using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.FloatingIps.Releasing;

/// <summary><c>DELETE /os-floating-ips/{id or address}</c>: 202; an attached IP is detached first, as nova does.</summary>
public static class ReleaseFloatingIpEndpoint
{
    [WolverineDelete("/os-floating-ips/{idOrAddress}", OperationId = "ReleaseFloatingIp")]
    [Tags("Compute: floating IPs")]
    public static async Task<IResult> Delete(string idOrAddress, Caller caller, IDocumentSession session, FloatingIpPools pools, DateTimeOffset now,
        CancellationToken ct)
    {
        var allocator = await session.AddressAllocatorAsync(ct);
        var (ip, stream) = await FloatingIpLookup.ForWritingAsync(session, idOrAddress, caller, ct);
        await FloatingIpRelease.ReleaseAsync(session, allocator, pools, ip, stream, caller, now, ct);
        return Results.StatusCode(202);
    }
}
