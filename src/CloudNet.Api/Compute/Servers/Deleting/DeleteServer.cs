using CloudNet.Compute.FloatingIps;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Servers.Deleting;

/// <summary>
/// <c>DELETE /servers/{id}</c>: 204. What is attached goes with it, as events: its floating IP is
/// disassociated (in the IP's stream), its fixed IPs return to IPAM (in the networks' streams), its interfaces are
/// detached and the server's stream records the delete.
/// </summary>
public static class DeleteServerEndpoint
{
    [WolverineDelete("/servers/{serverId}", OperationId = "DeleteServer")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Delete(string serverId, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var caller = context.Caller();
        var ct = context.RequestAborted;
        var allocator = await session.AddressAllocatorAsync(ct);
        var (server, stream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);

        await FloatingIpDetachment.DisassociateAsync(session, server, server.FloatingIps, caller, now, ct);
        await IpAssociations.IpAssociationDetachment.DisassociateAsync(session, server, _ => true, caller, now, ct);
        // Networks in id order, as allocations take them (their streams are appended to at commit).
        foreach (var port in server.Ports.OrderBy(p => p.NetworkId))
            await NetworkAddressing.ReleaseAsync(session, allocator, port.NetworkId,
                new AddressHolder(port.PortId, AddressHolder.ServerPort, server.Id), port.FixedIps, caller, now, ct);

        foreach (var port in server.Ports)
            stream.AppendOne(new VirtualInterfaceDetached(server.Id, port.PortId, port.NetworkId, caller.UserName, now));
        stream.AppendOne(new ServerDeleted(server.Id, caller.UserName, now));
        return Results.NoContent();
    }
}
