using System.Net.Sockets;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Networks.Ports;
using CloudNet.Networks.Routers;
using JasperFx.Events;
using Marten;

namespace CloudNet.Networks.FloatingIps;

/// <summary>Where a floating IP is to point: a port of the caller's, the fixed IPv4 on it, and the server holding the port, if any;
/// <see cref="PortDown"/>: the port still waits for ACTIVE under a lifecycle rule (the floating IP is DOWN with it).</summary>
public sealed record PortTarget(Guid PortId, Guid? ServerId, string FixedIp, bool PortDown = false);

/// <summary>
/// Associating a floating IP through a port, as Neutron does: with a port a server of this service holds, it is nova's
/// <c>addFloatingIp</c> on that server (<see cref="FloatingIpAssociated"/> in the IP's stream, <see cref="FloatingIpAddedToServer"/>
/// in the server's, by <see cref="FloatingIpRules.Associate"/>'s rule); with a free port, only the IP's stream changes. Ending
/// it is nova's <c>removeFloatingIp</c>. Only the checks before them are Neutron's, and so are their errors: among them the
/// router a port on a tenant network needs (<see cref="FloatingIpRouting"/>), which the association names.
/// </summary>
public static class PortAssociation
{
    /// <summary>The caller's port and the fixed IPv4 the floating IP will map to: <paramref name="fixedIpAddress"/> if given (it
    /// must be the port's), else the port's only IPv4 address.</summary>
    public static async Task<PortTarget> ResolveAsync(IQuerySession session, Guid portId, string? fixedIpAddress, Caller caller,
        CancellationToken ct)
    {
        var port = await session.LoadAsync<Port>(portId, ct);
        if (port is null || port.TenantId != caller.TenantId) throw NeutronFloatingIpErrors.PortNotFound(portId.ToString());
        EnsureServiced(port);
        return new PortTarget(port.Id, port.ServerId, ChooseFixedIp(port.Id, port.FixedIps, fixedIpAddress), port.IsActivating);
    }

    /// <summary>neutron's <c>is_fip_serviced</c>: the network's own ports (a router's interface, <c>network:*</c>) get none.</summary>
    static void EnsureServiced(Port port)
    {
        if (port.RouterId is not null || port.Attributes.DeviceOwner.StartsWith("network:", StringComparison.Ordinal))
            throw NeutronFloatingIpErrors.Bad($"Port {port.Id} is unable to be assigned a floating IP");
    }

    /// <summary>Pure: Neutron's choice of the fixed IP on a port (<c>l3_db._internal_fip_assoc_data</c>).</summary>
    public static string ChooseFixedIp(Guid portId, IReadOnlyList<FixedIp> fixedIps, string? fixedIpAddress)
    {
        if (fixedIpAddress is not null)
        {
            if (!Ipam.IpText.TryParseAddress(fixedIpAddress, out var parsed))
                throw NeutronFloatingIpErrors.InvalidInput("fixed_ip_address", $"'{fixedIpAddress}' is not a valid IP address");
            if (parsed.AddressFamily != AddressFamily.InterNetwork)
                throw NeutronFloatingIpErrors.Bad($"Cannot process floating IP association with {fixedIpAddress}, since that is not an IPv4 address");
            var text = parsed.ToString();
            return fixedIps.Any(f => f.Address == text)
                ? text
                : throw NeutronFloatingIpErrors.Bad($"Port {portId} does not have fixed ip {fixedIpAddress}");
        }
        var ipv4 = fixedIps.Where(f => f.Version == 4).ToList();
        return ipv4.Count switch
        {
            0 => throw NeutronFloatingIpErrors.Bad($"Cannot add floating IP to port {portId} that has no fixed IPv4 addresses"),
            1 => ipv4[0].Address,
            _ => throw NeutronFloatingIpErrors.Bad(
                $"Port {portId} has multiple fixed IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP"),
        };
    }

    /// <summary>The port of <paramref name="server"/> that holds <paramref name="fixedIp"/>: the <c>port_id</c> of a floating IP
    /// associated before associations named their port.</summary>
    public static Guid? PortOf(Server? server, string? fixedIp) =>
        fixedIp is null ? null : server?.Ports.FirstOrDefault(p => p.FixedIps.Any(f => f.Address == fixedIp))?.PortId;

    /// <summary>
    /// Points <paramref name="ip"/> at <paramref name="target"/>, or at nothing when it is null. Locks the target port (its
    /// deletion, or a server taking it, is decided before or after this, never during) and appends the servers' events
    /// (fetched for writing: a concurrent change to either server fails the commit, a 409); returns the IP's events, for
    /// the caller to append or start the stream with. Moving from one port to another is a disassociation followed by an
    /// association; asking for the association the IP already has changes nothing.
    /// </summary>
    public static async Task<IReadOnlyList<object>> PointAsync(IDocumentSession session, FloatingIp ip, PortTarget? target, Guid networkId,
        Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var events = new List<object>();
        if (ip.FixedIp == target?.FixedIp && ip.InstanceId == target?.ServerId && (ip.PortId is null || ip.PortId == target?.PortId)) return events;

        IEventStream<Server>? previousStream = null;
        Server? previous = null;
        if (ip.IsAssociated)
        {
            if (ip.InstanceId is { } holderId)
            {
                previousStream = await session.Events.FetchForWriting<Server>(holderId, ct);
                if (previousStream.Aggregate is { } holder)
                {
                    var (_, onServer) = FloatingIpRules.Disassociate(ip, holder, caller, now);
                    previousStream.AppendOne(onServer);
                    previous = holder.Apply(onServer);
                }
            }
            var onIp = new FloatingIpDisassociated(ip.Id, ip.InstanceId, caller.UserName, now);
            events.Add(onIp);
            ip = ip.Apply(onIp);
        }
        if (target is null) return events;

        var (port, _) = await PortLookup.ForExclusiveWritingAsync(session, target.PortId, caller, ct);
        // Decided on the port as locked, not on the snapshot it was found in.
        EnsureServiced(port);
        var fixedIp = port.FixedIps.FirstOrDefault(f => f.Address == target.FixedIp)
            ?? throw NeutronFloatingIpErrors.Bad($"Port {port.Id} does not have fixed ip {target.FixedIp}");
        // Neutron's rule: a tenant network reaches the pool through a router (the port's lock first, then the router's).
        var routerId = await FloatingIpRouting.RouterForAsync(session, port.NetworkId, fixedIp, networkId, port.Id, ct);
        if (await session.Query<FloatingIp>().AnyAsync(f => f.PortId == port.Id && f.FixedIp == target.FixedIp && f.Id != ip.Id, ct))
            throw NeutronFloatingIpErrors.PortAlreadyAssociated(ip.Address, ip.Id, port.Id, target.FixedIp, networkId);
        if (port.ServerId is not { } serverId)
        {
            events.Add(new FloatingIpAssociated(ip.Id, null, target.FixedIp, caller.UserName, now, port.Id, routerId));
            return events;
        }

        var (server, stream) = previousStream is not null && previous is not null && serverId == previous.Id
            ? (previous, previousStream)
            : await ServerForWritingAsync(session, serverId, port.Id, caller, ct);
        if (server.FloatingIps.Any(f => f.FixedIp == target.FixedIp))
            throw NeutronFloatingIpErrors.PortAlreadyAssociated(ip.Address, ip.Id, port.Id, target.FixedIp, networkId);
        if (server.FloatingIps.Count > 0)
            throw NeutronFloatingIpErrors.ServerAlreadyHasOne(ip.Address, port.Id, server.Id, server.FloatingIps[0].Address);

        var (associated, added) = FloatingIpRules.Associate(ip, server, target.FixedIp, caller, now);
        stream.AppendOne(added);
        events.Add(associated with { RouterId = routerId });
        return events;
    }

    static async Task<(Server, IEventStream<Server>)> ServerForWritingAsync(IDocumentSession session, Guid serverId, Guid portId,
        Caller caller, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Server>(serverId, ct);
        return stream.Aggregate is { } server && server.TenantId == caller.TenantId
            ? (server, stream)
            : throw NeutronFloatingIpErrors.PortNotFound(portId.ToString());
    }
}
