using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.Ports;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.VirtualInterfaces.Detaching;

/// <summary>
/// <c>DELETE /servers/{id}/os-virtual-interfacesv2/{vif}</c>: 200 with an empty body (SPEC decision). The addresses
/// go back to the network; a floating IP mapped to one of them, and a shared IP associated through the port,
/// are disassociated first, as events.
/// </summary>
public static class DetachVirtualInterfaceEndpoint
{
    [WolverineDelete("/servers/{serverId}/os-virtual-interfacesv2/{vifId}", OperationId = "DetachVirtualInterface")]
    [Tags("Compute: virtual interfaces")]
    public static async Task<IResult> Delete(string serverId, string vifId, HttpContext context, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        var (server, stream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);
        var port = VirtualInterfaceRules.Interface(server, vifId);
        var allocator = await session.AddressAllocatorAsync(ct);

        // A port the client made and the server only took lives on, as nova leaves it; one made for the server goes.
        await PortDetachment.DetachAsync(session, allocator, server, stream, port, deletePort: !port.Preserve, serverGoes: false, caller, now, ct);

        context.Response.ContentLength = 0;
        return Results.StatusCode(200);
    }
}
