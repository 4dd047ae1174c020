using System.Net.Sockets;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Identity;
using JasperFx.Events;
using Marten;

namespace CloudNet.Networks.FloatingIps;

/// <summary>Where a floating IP is to point: a port of one of the caller's servers, and the fixed IPv4 on it.</summary>
public sealed record PortTarget(Guid ServerId, Guid PortId, string FixedIp);

/// <summary>
/// Associating through a port is nova's <c>addFloatingIp</c> on the port's server with the port's fixed IP: the
/// same two events (<see cref="FloatingIpAssociated"/> in the IP's stream, <see cref="FloatingIpAddedToServer"/> in
/// the server's), made by the same rule (<see cref="FloatingIpRules.Associate"/>); ending it is nova's
/// <c>removeFloatingIp</c>. Only the checks before them are Neutron's, and so are their errors.
/// </summary>
public static class PortAssociation
{
    /// <summary>The caller's port (a port of one of its servers, found through the server snapshots) and the fixed
    /// IPv4 the floating IP will map to: <paramref name="fixedIpAddress"/> if given (it must be the port's), else the
    /// port's only IPv4 address.</summary>
    public static async Task<PortTarget> ResolveAsync(IQuerySession session, Guid portId, string? fixedIpAddress, Caller caller,
        CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var server = await session.Query<Server>().FirstOrDefaultAsync(s => s.TenantId == tenant && s.Ports.Any(p => p.PortId == portId), ct)
            ?? throw NeutronFloatingIpErrors.PortNotFound(portId.ToString());
        return new PortTarget(server.Id, portId, ChooseFixedIp(server.Ports.Single(p => p.PortId == portId), fixedIpAddress));
    }

    /// <summary>Pure: Neutron's choice of the fixed IP on a port (<c>l3_db._internal_fip_assoc_data</c>).</summary>
    public static string ChooseFixedIp(ServerPort port, string? fixedIpAddress)
    {
        if (fixedIpAddress is not null)
        {
            if (!Ipam.IpText.TryParseAddress(fixedIpAddress, out var parsed))
                throw NeutronFloatingIpErrors.InvalidInput("fixed_ip_address", $"'{fixedIpAddress}' is not a valid IP address");
            if (parsed.AddressFamily != AddressFamily.InterNetwork)
                throw NeutronFloatingIpErrors.Bad($"Cannot process floating IP association with {fixedIpAddress}, since that is not an IPv4 address");
            var text = parsed.ToString();
            return port.FixedIps.Any(f => f.Address == text)
                ? text
                : throw NeutronFloatingIpErrors.Bad($"Port {port.PortId} does not have fixed ip {fixedIpAddress}");
        }
        var ipv4 = port.FixedIps.Where(f => f.Version == 4).ToList();
        return ipv4.Count switch
        {
            0 => throw NeutronFloatingIpErrors.Bad($"Cannot add floating IP to port {port.PortId} that has no fixed IPv4 addresses"),
            1 => ipv4[0].Address,
            _ => throw NeutronFloatingIpErrors.Bad(
                $"Port {port.PortId} has multiple fixed IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP"),
        };
    }

    /// <summary>The port of <paramref name="server"/> that holds <paramref name="fixedIp"/>: the <c>port_id</c> a floating IP
    /// associated with that fixed IP shows.</summary>
    public static Guid? PortOf(Server? server, string? fixedIp) =>
        fixedIp is null ? null : server?.Ports.FirstOrDefault(p => p.FixedIps.Any(f => f.Address == fixedIp))?.PortId;

    /// <summary>
    /// Points <paramref name="ip"/> at <paramref name="target"/>, or at nothing when it is null. Appends the servers'
    /// events (fetched for writing: a concurrent change to either server fails the commit, a 409) and returns the IP's
    /// events, for the caller to append or start the stream with. Moving from one port to another is a disassociation
    /// followed by an association; asking for the association the IP already has changes nothing.
    /// </summary>
    public static async Task<IReadOnlyList<object>> PointAsync(IDocumentSession session, FloatingIp ip, PortTarget? target, Guid networkId,
        Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var events = new List<object>();
        if (ip.InstanceId == target?.ServerId && ip.FixedIp == target?.FixedIp) return events;

        IEventStream<Server>? previousStream = null;
        Server? previous = null;
        if (ip.InstanceId is { } holderId)
        {
            previousStream = await session.Events.FetchForWriting<Server>(holderId, ct);
            FloatingIpDisassociated onIp;
            if (previousStream.Aggregate is { } holder)
            {
                (onIp, var onServer) = FloatingIpRules.Disassociate(ip, holder, caller, now);
                previousStream.AppendOne(onServer);
                previous = holder.Apply(onServer);
            }
            else
            {
                // The server is gone (its deletion detaches its floating IPs, so this is only a safety net).
                onIp = new FloatingIpDisassociated(ip.Id, holderId, caller.UserName, now);
            }
            events.Add(onIp);
            ip = ip.Apply(onIp);
        }
        if (target is null) return events;

        var (server, stream) = previousStream is not null && previous is not null && target.ServerId == previous.Id
            ? (previous, previousStream)
            : await ServerForWritingAsync(session, target, caller, ct);
        // Decided on the server as fetched for writing, not on the snapshot the port was found in.
        var port = server.Ports.FirstOrDefault(p => p.PortId == target.PortId) ?? throw NeutronFloatingIpErrors.PortNotFound(target.PortId.ToString());
        if (port.FixedIps.All(f => f.Address != target.FixedIp))
            throw NeutronFloatingIpErrors.Bad($"Port {port.PortId} does not have fixed ip {target.FixedIp}");
        if (server.FloatingIps.Any(f => f.FixedIp == target.FixedIp))
            throw NeutronFloatingIpErrors.PortAlreadyAssociated(ip.Address, ip.Id, target.PortId, target.FixedIp, networkId);
        if (server.FloatingIps.Count > 0)
            throw NeutronFloatingIpErrors.ServerAlreadyHasOne(ip.Address, target.PortId, server.Id, server.FloatingIps[0].Address);

        var (associated, added) = FloatingIpRules.Associate(ip, server, target.FixedIp, caller, now);
        stream.AppendOne(added);
        events.Add(associated);
        return events;
    }

    static async Task<(Server, IEventStream<Server>)> ServerForWritingAsync(IDocumentSession session, PortTarget target,
        Caller caller, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Server>(target.ServerId, ct);
        return stream.Aggregate is { } server && server.TenantId == caller.TenantId
            ? (server, stream)
            : throw NeutronFloatingIpErrors.PortNotFound(target.PortId.ToString());
    }
}
