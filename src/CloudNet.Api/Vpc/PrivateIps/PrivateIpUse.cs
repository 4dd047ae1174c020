using System.Net;
using CloudNet.Ipam;
using CloudNet.Networks.Ports;
using Marten;

namespace CloudNet.Vpc.PrivateIps;

/// <summary>
/// How a private IP comes to be in use: as a virtual IP of a port. Huawei's reference has a private IP used by a resource
/// (<c>device_owner</c> set, <c>status</c> ACTIVE, and deleting it <c>VPC.0707</c>), and its virtual IPs are private IPs a NIC
/// may also send from: the port names the address in its <c>allowed_address_pairs</c> (the binding Huawei's and Neutron's
/// virtual-IP recipes make, through <c>/v1/{project}/ports/{id}</c> or <c>/v2.0/ports/{id}</c>). So a private IP is in use while
/// a port of its project on its network names exactly its address (or the /32 of it) in <c>allowed_address_pairs</c>; it then
/// shows <c>device_owner</c> <c>neutron:VIP_PORT</c>. The use is read from the ports' read model, not stored in the private IP's
/// stream: the port's stream already records the pair coming and going, and one fact kept in one place cannot disagree with
/// itself. A port never takes a private IP's address as its own fixed IP: that would hold one address twice, and IPAM refuses
/// it (<c>VPC.0701</c> / <c>IpAddressAlreadyAllocated</c>), as Huawei does, whose private IPs are ports.
/// </summary>
public static class PrivateIpUse
{
    public const string VipOwner = "neutron:VIP_PORT";

    /// <summary>The caller's ports on the network, to look private IPs of that network up in (<see cref="PortUsing"/>).</summary>
    public static async Task<IReadOnlyList<Port>> PortsAsync(IQuerySession session, string tenantId, Guid networkId, CancellationToken ct) =>
        await session.Query<Port>().Where(p => p.TenantId == tenantId && p.NetworkId == networkId).OrderBy(p => p.Id).ToListAsync(ct);

    /// <summary>Pure: the first port (by id) that names the address as a virtual IP, or null.</summary>
    public static Port? PortUsing(string address, IEnumerable<Port> ports) =>
        ports.FirstOrDefault(p => p.Attributes.AllowedAddressPairs.Any(pair => Names(pair.IpAddress, address)));

    /// <summary>Pure: whether a pair's <c>ip_address</c> is exactly this address (a wider CIDR such as <c>1.1.1.1/0</c> lets the port
    /// send from anything, and binds no private IP).</summary>
    public static bool Names(string pairAddress, string address)
    {
        if (!IpText.TryParseAddress(address, out var ip)) return false;
        if (IpText.TryParseAddress(pairAddress, out var single)) return single.Equals(ip);
        return AddressBlock.TryParse(pairAddress, null, out var block, out _)
               && block!.Network.PrefixLength == (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
               && block.Network.BaseAddress.Equals(ip);
    }

    /// <summary>The private IP as it is now: bound (ACTIVE, the virtual IP's owner) when a port uses it.</summary>
    public static PrivateIp AsUsed(PrivateIp ip, IEnumerable<Port> ports) =>
        PortUsing(ip.Address, ports) is not null ? ip with { DeviceOwner = VipOwner } : ip;
}
