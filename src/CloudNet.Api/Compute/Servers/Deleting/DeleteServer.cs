using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.Ports;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Servers.Deleting;

/// <summary>
/// <c>DELETE /servers/{id}</c>: 204. What is attached goes with it, as events: its floating IP is
/// disassociated (in the IP's stream), its ports are deleted and their fixed IPs return to IPAM (in the networks'
/// streams), its interfaces are detached and the server's stream records the delete. A port the client made and passed
/// to the server stays, free, with its addresses and floating IPs.
/// </summary>
public static class DeleteServerEndpoint
{
    [WolverineDelete("/servers/{serverId}", OperationId = "DeleteServer")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Delete(string serverId, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        var allocator = await session.AddressAllocatorAsync(ct);
        var (server, stream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);

        await IpAssociations.IpAssociationDetachment.DisassociateAsync(session, server, _ => true, caller, now, ct);
        // Networks in id order, as allocations take them (their streams are appended to at commit). A port the client
        // made and the server only took lives on, free, as nova leaves it; the ports made for the server go with it.
        foreach (var port in server.Ports.OrderBy(p => p.NetworkId))
            await PortDetachment.DetachAsync(session, allocator, server, stream, port, deletePort: !port.Preserve, serverGoes: true, caller, now, ct);
        stream.AppendOne(new ServerDeleted(server.Id, caller.UserName, now));
        return Results.NoContent();
    }
}
