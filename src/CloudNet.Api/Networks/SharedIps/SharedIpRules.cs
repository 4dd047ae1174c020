using CloudNet.Errors;
using CloudNet.Identity;

namespace CloudNet.Networks.SharedIps;

/// <summary>Rackspace's shared IP rules (api-surface §B.3), as pure functions, with Neutron's error types.</summary>
public static class SharedIpRules
{
    public const string Shared = "shared";
    public const string Fixed = "fixed";

    public static Rejection NotFound(string id) => Rejection.NotFound($"IP Address {id} not found.", "IpAddressNotFound");

    public static Rejection Bad(string message) => Rejection.BadRequest($"Bad ip_addresses request: {message}.", "BadRequest");

    public static SharedIp Visible(SharedIp? ip, string id, Caller caller) =>
        ip is not null && ip.TenantId == caller.TenantId ? ip : throw NotFound(id);

    /// <summary>More than one port makes a shared IP; this resource makes only shared ones (quark's default).</summary>
    public static string TypeOf(IReadOnlyCollection<SharedIpPort> ports) =>
        ports.Count > 1 ? Shared : throw Bad("Only shared IPs may be made with this resource: give at least two ports or devices");

    public static IpAddressPortsReplaced ReplacePorts(SharedIp ip, IReadOnlyList<SharedIpPort> ports, Caller caller, DateTimeOffset now)
    {
        // A port whose server still has the IP associated cannot leave it.
        var leaving = ip.Ports.Where(p => ports.All(n => n.PortId != p.PortId)).Select(p => p.DeviceId);
        if (leaving.Any(ip.AssociatedServers.Contains))
            throw Bad("Port requires disassociation before it can be removed from the IP");
        if (ip.Type == Shared && ports.Count < 2)
            throw Bad("The type of an IP address cannot change: a shared IP keeps at least two ports");
        return new IpAddressPortsReplaced(ip.Id, ports, caller.UserName, now);
    }

    /// <summary>De-allocation requires disassociation first (§B.3 rule 4).</summary>
    public static IpAddressDeallocated Deallocate(SharedIp ip, Caller caller, DateTimeOffset now) =>
        ip.AssociatedServers.Count > 0
            ? throw Rejection.BadRequest("Port requires disassociation before IP can be deleted", "PortRequiresDisassociation")
            : new IpAddressDeallocated(ip.Id, ip.NetworkId, ip.SubnetId, ip.Address, caller.UserName, now);

    /// <summary>The server's port among the IP's ports, which the server must still have (a detached interface no
    /// longer counts); a server without one cannot answer on the address.</summary>
    public static SharedIpPort PortOf(SharedIp ip, Guid serverId, IEnumerable<Guid> serverPortIds) =>
        ip.Ports.FirstOrDefault(p => p.DeviceId == serverId && serverPortIds.Contains(p.PortId))
            ?? throw Rejection.BadRequest($"Server {serverId} has no port on which IP address {ip.Id} was provisioned.");
}
