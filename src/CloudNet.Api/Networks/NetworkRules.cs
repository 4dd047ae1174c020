using System.Net;
using System.Numerics;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;

namespace CloudNet.Networks;

public enum RemovalOutcome { Removed, NotFound, NotOwned, InUse }

/// <summary>The rules of networks and subnets, as pure functions. Rejections carry Neutron's exception type
/// as their code; nova's format ignores it.</summary>
public static class NetworkRules
{
    public const int MaxLabelLength = 255;

    public static string Label(string? label, string field = "name")
    {
        if (string.IsNullOrWhiteSpace(label) || label.Length > MaxLabelLength)
            throw Rejection.BadRequest($"Invalid input for {field}: a {field} of 1 to {MaxLabelLength} characters is required.", "InvalidInput");
        return label;
    }

    /// <param name="field">How the caller's API names the label (<c>name</c> in Neutron, <c>label</c> in os-networksv2).</param>
    public static NetworkCreated Create(Guid networkId, string label, Caller caller, DateTimeOffset now, string field = "name") =>
        new(networkId, caller.TenantId, Label(label, field), caller.UserName, now);

    /// <summary>
    /// A new subnet on a network the caller owns: a real CIDR with room for addresses, of the stated IP
    /// version, not overlapping the network's other subnets; the gateway defaults to the first address
    /// (<paramref name="gatewayGiven"/> with a null <paramref name="gateway"/> means "no gateway", as in Neutron).
    /// </summary>
    public static SubnetCreated CreateSubnet(Network network, Guid subnetId, string? name, string? cidr, int? ipVersion,
        bool gatewayGiven, string? gateway, Caller caller, DateTimeOffset now)
    {
        EnsureMayChangeSubnets(network, caller);
        if (string.IsNullOrWhiteSpace(cidr))
            throw Rejection.BadRequest("Invalid input for cidr: a CIDR is required.", "InvalidInput");
        if (!AddressBlock.TryParse(cidr, null, out var block, out var error))
            throw Rejection.BadRequest($"Invalid input for cidr: '{cidr}' is not a valid CIDR ({error}).", "InvalidInput");
        if (ipVersion is { } version && version != block!.Version)
            throw Rejection.BadRequest($"Invalid input for operation: cidr {block.Cidr} is not an IPv{version} network.", "InvalidInput");
        if (block!.UsableCount < 2)
            throw Rejection.BadRequest($"Invalid input for cidr: {block.Cidr} has no room for addresses.", "InvalidInput");

        var overlapping = network.Subnets.FirstOrDefault(s => Overlaps(AddressBlock.Parse(s.Cidr), block));
        if (overlapping is not null)
            throw Rejection.BadRequest($"Invalid input for operation: Requested subnet with cidr: {block.Cidr} for network: {network.NetworkId} overlaps with another subnet.", "InvalidInput");

        string? gatewayIp = gatewayGiven ? gateway : block.FirstUsable.ToString();
        if (gatewayIp is not null)
        {
            if (!IpText.TryParseAddress(gatewayIp, out var parsed) || block.Check(parsed!) != AddressCheck.Usable)
                throw Rejection.BadRequest($"Invalid input for gateway_ip: {gatewayIp} is not a usable address of {block.Cidr}.", "InvalidInput");
            gatewayIp = parsed!.ToString();
        }
        var subnet = new Subnet(subnetId, name ?? "", block.Cidr, block.Version, gatewayIp, now);
        return new SubnetCreated(network.NetworkId, subnet, caller.UserName, now);
    }

    /// <summary>Only the owner adds or removes a network's subnets; a shared network's are the operator's.</summary>
    public static void EnsureMayChangeSubnets(Network network, Caller caller)
    {
        if (network.TenantId != caller.TenantId)
            throw Rejection.Forbidden($"Tenant {caller.TenantId} may not change the subnets of network {network.NetworkId}: it is shared.", "PolicyNotAuthorized");
    }

    /// <summary>Whether the caller may remove a network: its own, and no address held on it.</summary>
    public static RemovalOutcome CanRemove(Network? network, Caller caller, bool addressesHeld) => network switch
    {
        null => RemovalOutcome.NotFound,
        _ when !network.VisibleTo(caller.TenantId) => RemovalOutcome.NotFound,
        _ when network.TenantId != caller.TenantId => RemovalOutcome.NotOwned,
        _ when addressesHeld => RemovalOutcome.InUse,
        _ => RemovalOutcome.Removed,
    };

    static bool Overlaps(AddressBlock a, AddressBlock b) =>
        a.Version == b.Version && (a.Network.Contains(b.Network.BaseAddress) || b.Network.Contains(a.Network.BaseAddress));

    /// <summary>
    /// Neutron's allocation pools: the usable range with the gateway cut out of it. The range runs to the real end
    /// of the block (an IPv6 /64 ends at <c>…:ffff:ffff:ffff:ffff</c>), not to the allocator's cursor cap, and a
    /// gateway anywhere in it splits it (addresses as numbers, never as offsets the cap could cut short).
    /// </summary>
    public static IReadOnlyList<(string Start, string End)> AllocationPools(Subnet subnet)
    {
        var block = subnet.Block();
        var bytes = block.Version == 4 ? 4 : 16;
        var first = Number(block.FirstUsable);
        var last = Number(block.Network.BaseAddress) + (BigInteger.One << (bytes * 8 - block.Network.PrefixLength)) - 1;
        while (last > first && block.Check(Address(last, bytes)) is AddressCheck.BroadcastAddress or AddressCheck.NetworkAddress) last--;
        if (block.Gateway is null) return [(Text(first, bytes), Text(last, bytes))];
        var gateway = Number(block.Gateway);
        var pools = new List<(string, string)>();
        if (gateway > first) pools.Add((Text(first, bytes), Text(BigInteger.Min(gateway - 1, last), bytes)));
        if (gateway < last) pools.Add((Text(BigInteger.Max(gateway + 1, first), bytes), Text(last, bytes)));
        return pools;
    }

    static BigInteger Number(IPAddress address) => new(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    static IPAddress Address(BigInteger value, int bytes)
    {
        var buffer = new byte[bytes];
        value.TryWriteBytes(buffer.AsSpan(bytes - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return new IPAddress(buffer);
    }

    static string Text(BigInteger value, int bytes) => Address(value, bytes).ToString();
}
