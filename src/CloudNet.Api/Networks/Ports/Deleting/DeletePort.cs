using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Ports.Deleting;

/// <summary>
/// <c>DELETE /v2.0/ports/{id}</c>: 204. The addresses go back to IPAM and the floating IPs on the port are disassociated, as
/// Neutron does; a port a server of this service holds is also detached from it (nova's view loses the interface).
/// </summary>
public static class DeletePortEndpoint
{
    [WolverineDelete("/v2.0/ports/{portId}", OperationId = "DeletePort")]
    [Tags("Networks: ports")]
    public static async Task<IResult> Delete(string portId, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        if (!Guid.TryParse(portId, out var id)) throw PortRules.NotFound(portId);
        var allocator = await session.AddressAllocatorAsync(ct);
        var (port, stream) = await PortLookup.ForExclusiveWritingAsync(session, id, caller, ct);
        if (port.RouterId is not null) throw PortRules.RouterPortInUse(port);

        var serverStream = port.ServerId is { } serverId ? await session.Events.FetchForWriting<Server>(serverId, ct) : null;
        if (serverStream?.Aggregate is { } server && server.Ports.FirstOrDefault(p => p.PortId == port.Id) is { } serverPort)
        {
            await PortDetachment.DetachAsync(session, allocator, server, serverStream, serverPort, deletePort: true, serverGoes: false, caller, now, ct,
                stream);
            return Results.NoContent();
        }

        await FreePortDeletion.DeleteAsync(session, allocator, port, stream, caller, now, ct);
        return Results.NoContent();
    }
}
