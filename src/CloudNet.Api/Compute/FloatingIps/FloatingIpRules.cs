using System.Net;
using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;

namespace CloudNet.Compute.FloatingIps;

/// <summary>Nova's floating IP rules as pure functions: state and command in, events (or a rejection) out.</summary>
public static class FloatingIpRules
{
    public static Rejection NotFound(string idOrAddress) => Rejection.NotFound($"Floating IP not found for ID {idOrAddress}");

    /// <summary>Another tenant's floating IP answers exactly as a missing one.</summary>
    public static FloatingIp Visible(FloatingIp? ip, string idOrAddress, Caller caller) =>
        ip is not null && ip.TenantId == caller.TenantId ? ip : throw NotFound(idOrAddress);

    public static Rejection OverQuota(string pool) => Rejection.Forbidden($"IP allocation over quota in pool {pool}.", "OverQuota");

    public static FloatingIpAllocated Allocate(Guid id, Caller caller, string pool, IPAddress address, DateTimeOffset now,
        string? description = null) =>
        new(id, caller.TenantId, pool, address.ToString(), caller.UserName, now, description);

    /// <summary><c>addFloatingIp</c>: both streams change, the IP's and the server's.</summary>
    public static (FloatingIpAssociated OnIp, FloatingIpAddedToServer OnServer) Associate(
        FloatingIp ip, Server server, string? fixedAddress, Caller caller, DateTimeOffset now)
    {
        if (ip.InstanceId == server.Id)
            throw Rejection.BadRequest($"Floating IP {ip.Address} is already associated with instance {server.Id}.");
        if (ip.IsAssociated)
            throw Rejection.BadRequest($"floating IP is already associated: {ip.Address} is associated with another instance.");
        // One floating IP per server, as nova's API reference says (and clients that probe every floating address rely on).
        if (server.FloatingIps.Count > 0)
            throw Rejection.BadRequest($"Instance {server.Id} already has floating IP {server.FloatingIps[0].Address}; remove it first.");

        var fixedIp = ChooseFixedIp(server, fixedAddress);
        var portId = server.Ports.FirstOrDefault(p => p.FixedIps.Any(f => f.Address == fixedIp))?.PortId;
        return (new FloatingIpAssociated(ip.Id, server.Id, fixedIp, caller.UserName, now, portId),
            new FloatingIpAddedToServer(server.Id, ip.Id, ip.Address, fixedIp, caller.UserName, now));
    }

    /// <summary><c>removeFloatingIp</c>: 409 when the IP is not on this server, as nova answers.</summary>
    public static (FloatingIpDisassociated OnIp, FloatingIpRemovedFromServer OnServer) Disassociate(
        FloatingIp ip, Server server, Caller caller, DateTimeOffset now)
    {
        if (ip.InstanceId != server.Id)
            throw Rejection.Conflict($"Floating IP {ip.Address} is not associated with instance {server.Id}.");
        return (new FloatingIpDisassociated(ip.Id, server.Id, caller.UserName, now),
            new FloatingIpRemovedFromServer(server.Id, ip.Id, ip.Address, caller.UserName, now));
    }

    /// <summary>Release (DELETE): detaches first, as nova does, then returns the address to its pool.</summary>
    public static IReadOnlyList<object> Release(FloatingIp ip, Caller caller, DateTimeOffset now) =>
        ip.IsAssociated
            ? [new FloatingIpDisassociated(ip.Id, ip.InstanceId, caller.UserName, now), new FloatingIpReleased(ip.Id, ip.Pool, ip.Address, caller.UserName, now)]
            : [new FloatingIpReleased(ip.Id, ip.Pool, ip.Address, caller.UserName, now)];

    /// <summary>Nova: the given fixed address must be the server's; otherwise its first fixed IPv4.</summary>
    static string ChooseFixedIp(Server server, string? fixedAddress)
    {
        if (fixedAddress is not null)
        {
            if (!server.FixedIps.Any(f => f.Address == fixedAddress))
                throw Rejection.BadRequest("Specified fixed address not assigned to instance");
            return fixedAddress;
        }
        return server.FixedIps.FirstOrDefault(f => f.Version == 4)?.Address
            ?? throw Rejection.BadRequest($"Unable to associate floating IP to instance {server.Id}: Instance has no fixed IPv4 addresses to associate.");
    }
}
