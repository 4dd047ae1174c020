using CloudNet.Compute.FloatingIps;
using CloudNet.Identity;
using CloudNet.Ipam;
using JasperFx.Events;
using Marten;

namespace CloudNet.Networks.Ports;

/// <summary>Deleting a port no server holds, whichever API asks (Neutron's DELETE, Huawei's): the floating IPs on it let go, its
/// addresses back to IPAM, its stream ended. The port's stream is locked already (<see cref="PortLookup.ForExclusiveWritingAsync"/>).</summary>
public static class FreePortDeletion
{
    public static async Task DeleteAsync(IDocumentSession session, AddressAllocator allocator, Port port, IEventStream<Port> stream, Caller caller,
        DateTimeOffset now, CancellationToken ct)
    {
        foreach (var ip in await session.Query<FloatingIp>().Where(f => f.PortId == port.Id).ToListAsync(ct))
            (await session.Events.FetchForWriting<FloatingIp>(ip.Id, ct)).AppendOne(new FloatingIpDisassociated(ip.Id, null, caller.UserName, now));
        await NetworkAddressing.ReleaseAsync(session, allocator, port.NetworkId, new AddressHolder(port.Id, port.HolderKind, port.ServerId),
            port.FixedIps, caller, now, ct);
        stream.AppendOne(new PortDeleted(port.Id, port.NetworkId, port.TenantId, caller.UserName, now));
    }
}
