using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;

namespace CloudNet.Compute.VirtualInterfaces;

/// <summary>Rackspace's virtual interface rules, as pure functions.</summary>
public static class VirtualInterfaceRules
{
    public static Rejection NotFound(string vifId) => Rejection.NotFound($"Virtual interface {vifId} could not be found.");

    /// <summary>At most one interface per server per network (seed 004); the network must have a subnet.</summary>
    public static void EnsureAttachable(Server server, Network network)
    {
        if (server.Ports.Any(p => p.NetworkId == network.NetworkId))
            throw Rejection.Conflict($"Server {server.Id} already has a virtual interface on network {network.NetworkId}.");
        if (network.Subnets.Count == 0)
            throw Rejection.BadRequest($"Network {network.NetworkId} requires a subnet in order to attach interfaces.");
    }

    public static VirtualInterfaceAttached Attach(Server server, ServerPort port, Caller caller, DateTimeOffset now) =>
        new(server.Id, port, caller.UserName, now);

    public static ServerPort Interface(Server server, string vifId) =>
        server.Ports.FirstOrDefault(p => p.PortId.ToString() == vifId || (Guid.TryParse(vifId, out var id) && p.PortId == id))
            ?? throw NotFound(vifId);

    /// <summary>Floating IPs mapped to the interface's addresses lose their mapping with it.</summary>
    public static IReadOnlyList<AttachedFloatingIp> FloatingIpsThrough(Server server, ServerPort port) =>
        server.FloatingIps.Where(f => port.FixedIps.Any(ip => ip.Address == f.FixedIp)).ToList();
}
