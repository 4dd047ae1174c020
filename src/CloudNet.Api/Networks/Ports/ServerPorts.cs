using System.Net;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using JasperFx.Events;
using Marten;
using CloudNet.Networks.Ports.Activating;

namespace CloudNet.Networks.Ports;

/// <summary>
/// How nova's and Rackspace's routes give a server its ports: a new port on a network (server create with a network,
/// a virtual interface), or a free port the client made through Neutron (server create with a port). Either way the
/// port's own stream records it, and what the server's stream keeps of it (<see cref="ServerPort"/>) is returned.
/// </summary>
public static class ServerPorts
{
    /// <summary>A new port for the server: an address on each subnet of the network (or the one asked for), the next MAC, and the
    /// server's security groups (checked by the caller) when the network has port security. <paramref name="activation"/>: the wait
    /// of a lifecycle rule fired on the request (<see cref="PortActivation.Of"/>).</summary>
    public static async Task<ServerPort> CreateAsync(IDocumentSession session, AddressAllocator allocator, Network network, Guid serverId,
        IReadOnlyList<Guid> securityGroups, Caller caller, IPAddress? fixedIp, DateTimeOffset now, Func<NetworkAddresses, Rejection> refused,
        PortActivation? activation, CancellationToken ct)
    {
        var portId = caller.NewId();
        var addresses = await NetworkAddressing.AllocateAsync(session, allocator, network,
            new AddressHolder(portId, AddressHolder.ServerPort, serverId), caller, fixedIp, now, ct);
        if (!addresses.Succeeded) throw refused(addresses);
        var mac = await MacAddresses.NextAsync(session, caller, ct);
        var changes = new PortChanges(DeviceId: serverId.ToString(), DeviceOwner: Port.ComputeOwner);
        var groups = SecurityGroups.PortSecurityGroups.TakesDefault(PortAttributes.Defaults(network.Attributes.PortSecurityEnabled), addresses.FixedIps.Count)
            ? securityGroups.Select(g => g.ToString()).ToList()
            : [];
        var created = PortRules.Create(portId, network, changes with { SecurityGroups = groups }, mac.ToLowerInvariant(), addresses.FixedIps,
            serverId, caller, now) with { Activation = activation };
        session.Events.StartStream<Port>(portId, created);
        return new ServerPort(portId, network.NetworkId, network.Label, mac, addresses.FixedIps);
    }

    /// <summary>
    /// The caller's free port, taken by a new server (nova's <c>"networks": [{"port": …}]</c>): 400 when there is no such port,
    /// 409 when something holds it already, as nova answers. Floating IPs pointing at the port now show on the server: they
    /// are returned for the server's stream to record.
    /// </summary>
    public static async Task<(ServerPort Port, IReadOnlyList<FloatingIp> FloatingIps)> TakeAsync(IDocumentSession session, Guid portId,
        Guid serverId, Caller caller, DateTimeOffset now, PortActivation? activation, CancellationToken ct)
    {
        Port port;
        IEventStream<Port> stream;
        try
        {
            (port, stream) = await PortLookup.ForExclusiveWritingAsync(session, portId, caller, ct);
        }
        catch (Rejection e) when (e.Kind == RejectionKind.NotFound)
        {
            throw Rejection.BadRequest($"Port id {portId} could not be found.");
        }
        if (port.IsBound) throw Rejection.Conflict($"Port {portId} is still in use.");
        var network = await NetworkLookup.VisibleAsync(session, port.NetworkId, caller, ct)
            ?? throw Rejection.BadRequest($"Network {port.NetworkId} could not be found.");
        stream.AppendOne(new PortBound(port.Id, serverId, Port.ComputeOwner, caller.UserName, now) { Activation = activation });

        var floatingIps = await session.Query<FloatingIp>().Where(f => f.PortId == port.Id).ToListAsync(ct);
        foreach (var ip in floatingIps)
            (await session.Events.FetchForWriting<FloatingIp>(ip.Id, ct)).AppendOne(new FloatingIpServerChanged(ip.Id, serverId, caller.UserName, now));
        return (new ServerPort(port.Id, port.NetworkId, network.Label, port.MacAddress, port.FixedIps) { Preserve = true }, floatingIps);
    }
}
