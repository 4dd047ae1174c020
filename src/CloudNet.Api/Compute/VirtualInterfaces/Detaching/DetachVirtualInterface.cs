using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.IpAssociations;
using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
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
    public static async Task<IResult> Delete(string serverId, string vifId, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var caller = context.Caller();
        var ct = context.RequestAborted;
        var (server, stream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);
        var port = VirtualInterfaceRules.Interface(server, vifId);
        var allocator = await session.AddressAllocatorAsync(ct);

        var floatingIps = VirtualInterfaceRules.FloatingIpsThrough(server, port);
        await FloatingIpDetachment.DisassociateAsync(session, server, floatingIps, caller, now, ct);
        foreach (var floating in floatingIps)
            stream.AppendOne(new FloatingIpRemovedFromServer(server.Id, floating.FloatingIpId, floating.Address, caller.UserName, now));
        var shared = await IpAssociationDetachment.DisassociateAsync(session, server,
            ip => ip.Ports.Any(p => p.PortId == port.PortId), caller, now, ct);
        foreach (var association in shared)
            stream.AppendOne(new IpDisassociatedFromServer(server.Id, association.IpAddressId, caller.UserName, now));
        await NetworkAddressing.ReleaseAsync(session, allocator, port.NetworkId,
            new AddressHolder(port.PortId, AddressHolder.ServerPort, server.Id), port.FixedIps, caller, now, ct);
        stream.AppendOne(new VirtualInterfaceDetached(server.Id, port.PortId, port.NetworkId, caller.UserName, now));

        context.Response.ContentLength = 0;
        return Results.StatusCode(200);
    }
}
