using System.Net;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PrivateIps.Deleting;

/// <summary><c>DELETE /v1/{project_id}/privateips/{id}</c>: 204, the address back to the subnet; 409 VPC.0707 while in use
/// (a port names it as a virtual IP: <see cref="PrivateIpUse"/>).</summary>
public static class DeletePrivateIpEndpoint
{
    [WolverineDelete("/v1/{projectId}/privateips/{privateIpId}", OperationId = "DeletePrivateIp")]
    [Tags("VPC: private IPs")]
    public static async Task<IResult> Delete(string projectId, string privateIpId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        if (!Guid.TryParse(privateIpId, out var id)) throw PrivateIpErrors.NotFound(privateIpId);
        var allocator = await session.AddressAllocatorAsync(ct);
        var stream = await session.Events.FetchForWriting<PrivateIp>(id, ct);
        var ip = PrivateIpRules.Visible(stream.Aggregate, privateIpId, caller);
        var ports = await PrivateIpUse.PortsAsync(session, caller.TenantId, ip.NetworkId, ct);
        stream.AppendOne(PrivateIpRules.Release(ip, PrivateIpUse.PortUsing(ip.Address, ports), caller, now));
        await NetworkAddressing.ReleaseAsync(session, allocator, ip.NetworkId, new AddressHolder(ip.Id, AddressHolder.PrivateIp),
            [new FixedIp(ip.SubnetId, ip.Address, IPAddress.Parse(ip.Address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 4 : 6)],
            caller, now, ct);
        return Results.NoContent();
    }
}
