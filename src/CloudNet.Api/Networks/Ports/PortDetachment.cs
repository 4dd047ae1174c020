using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.IpAssociations;
using CloudNet.Compute.Servers;
using CloudNet.Compute.VirtualInterfaces;
using CloudNet.Identity;
using CloudNet.Ipam;
using JasperFx.Events;
using Marten;

namespace CloudNet.Networks.Ports;

/// <summary>
/// A server letting go of one of its ports, whoever asks: the server's deletion, a virtual interface's detach, or Neutron
/// deleting the port under it. One sequence of events for all three, so they cannot drift apart.
/// </summary>
public static class PortDetachment
{
    /// <param name="deletePort">The port goes, its addresses released and the floating IPs on it disassociated; otherwise
    /// (a port the client made and the server only took) it lives on, free, keeping its addresses and floating IPs.</param>
    /// <param name="serverGoes">The server is being deleted: its stream records only the interface going, its deletion says
    /// the rest; otherwise it also records each floating and shared IP it loses with the port.</param>
    /// <param name="portStream">The port's stream, if the caller has it locked already (see <see cref="PortLookup.ForExclusiveWritingAsync"/>).</param>
    public static async Task DetachAsync(IDocumentSession session, AddressAllocator allocator, Server server, IEventStream<Server> serverStream,
        ServerPort port, bool deletePort, bool serverGoes, Caller caller, DateTimeOffset now, CancellationToken ct,
        IEventStream<Port>? portStream = null)
    {
        // First the port's lock: a floating IP being pointed at it meanwhile is decided before or after this, never during.
        portStream ??= await session.Events.FetchForExclusiveWriting<Port>(port.PortId, ct);

        foreach (var attached in VirtualInterfaceRules.FloatingIpsThrough(server, port))
        {
            var ip = await session.Events.FetchForWriting<FloatingIp>(attached.FloatingIpId, ct);
            if (ip.Aggregate?.InstanceId == server.Id)
                ip.AppendOne(deletePort
                    ? new FloatingIpDisassociated(attached.FloatingIpId, server.Id, caller.UserName, now)
                    : new FloatingIpServerChanged(attached.FloatingIpId, null, caller.UserName, now));
            if (!serverGoes) serverStream.AppendOne(new FloatingIpRemovedFromServer(server.Id, attached.FloatingIpId, attached.Address, caller.UserName, now));
        }
        if (!serverGoes)
        {
            var ended = await IpAssociationDetachment.DisassociateAsync(session, server, ip => ip.Ports.Any(p => p.PortId == port.PortId), caller, now, ct);
            foreach (var association in ended)
                serverStream.AppendOne(new IpDisassociatedFromServer(server.Id, association.IpAddressId, caller.UserName, now));
        }

        if (deletePort)
        {
            await NetworkAddressing.ReleaseAsync(session, allocator, port.NetworkId,
                new AddressHolder(port.PortId, port.Preserve ? AddressHolder.Port : AddressHolder.ServerPort, server.Id), port.FixedIps, caller, now, ct);
            // A port recorded before ports had streams has none to end.
            if (portStream.Aggregate is not null)
                portStream.AppendOne(new PortDeleted(port.PortId, port.NetworkId, server.TenantId, caller.UserName, now));
        }
        else if (portStream.Aggregate is not null)
        {
            portStream.AppendOne(new PortUnbound(port.PortId, server.Id, caller.UserName, now));
        }
        serverStream.AppendOne(new VirtualInterfaceDetached(server.Id, port.PortId, port.NetworkId, caller.UserName, now));
    }
}
