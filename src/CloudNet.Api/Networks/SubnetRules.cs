using System.Net;
using System.Net.Sockets;
using System.Numerics;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;

namespace CloudNet.Networks;

/// <summary>
/// The rules of subnets, as pure functions, with Neutron's errors (neutron-lib's exception names as codes; its
/// <c>BadRequest</c>, <c>Conflict</c> and <c>InUse</c> kinds as 400, 409, 409).
/// </summary>
public static class SubnetRules
{
    /// <summary>Neutron's defaults: <c>max_dns_nameservers</c> and <c>max_subnet_host_routes</c>.</summary>
    public const int MaxDnsNameservers = 5;
    public const int MaxHostRoutes = 20;

    static readonly string[] Ipv6Modes = ["slaac", "dhcpv6-stateful", "dhcpv6-stateless"];

    /// <summary>
    /// A new subnet on a network the caller owns: a real CIDR with room for addresses, of the stated IP version, not
    /// overlapping the network's other subnets; the gateway defaults to the first address. The other attributes are
    /// checked as <see cref="Update"/> checks them.
    /// </summary>
    public static SubnetCreated Create(Network network, Guid subnetId, string? cidr, int? ipVersion, SubnetChanges changes, Caller caller,
        DateTimeOffset now)
    {
        NetworkRules.EnsureMayChangeSubnets(network, caller);
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
        if (block.Version == 4 && (changes.Ipv6RaMode ?? changes.Ipv6AddressMode) is { } mode)
            throw Rejection.BadRequest($"Invalid input for operation: ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set " +
                $"to False or ip_version is 4 ({mode} given for an IPv4 subnet).", "InvalidInput");
        if (changes.Ipv6RaMode is { } ra && changes.Ipv6AddressMode is { } address && ra != address)
            throw Rejection.BadRequest($"Invalid input for operation: ipv6_ra_mode set to '{ra}' with ipv6_address_mode set to '{address}' " +
                "is not valid. If both attributes are set, they must be the same value.", "InvalidInput");

        var gateway = changes.GatewayGiven ? Gateway(changes.Gateway, block) : block.FirstUsable.ToString();
        var subnet = new Subnet(subnetId, "", block.Cidr, block.Version, gateway, now)
        {
            Ipv6RaMode = Ipv6Mode("ipv6_ra_mode", changes.Ipv6RaMode),
            Ipv6AddressMode = Ipv6Mode("ipv6_address_mode", changes.Ipv6AddressMode),
        };
        return new SubnetCreated(network.NetworkId, Apply(subnet, changes with { GatewayGiven = false }, now), caller.UserName, now);
    }

    /// <summary><c>PUT /v2.0/subnets/{id}</c>: the subnet with the given changes, each checked as Neutron checks it.</summary>
    public static SubnetUpdated Update(Network network, Subnet subnet, SubnetChanges changes, Caller caller, DateTimeOffset now)
    {
        NetworkRules.EnsureMayChangeSubnets(network, caller);
        if (changes.Ipv6RaMode is not null || changes.Ipv6AddressMode is not null)
            throw Rejection.BadRequest("Cannot update read-only attribute ipv6_ra_mode or ipv6_address_mode", "BadRequest");
        var block = AddressBlock.Parse(subnet.Cidr);
        var updated = changes.GatewayGiven ? subnet with { Gateway = Gateway(changes.Gateway, block) } : subnet;
        updated = Apply(updated, changes, now) with { UpdatedAt = now, Revision = subnet.Revision + 1 };
        return new SubnetUpdated(network.NetworkId, updated, caller.UserName, now);
    }

    /// <summary>Whether IPAM's cursor must start over: the pools it walks are not the ones it walked.</summary>
    public static bool PoolsChanged(Subnet before, Subnet after) =>
        !AllocationPools(before).SequenceEqual(AllocationPools(after)) && (before.AllocationPools is not null || after.AllocationPools is not null);

    static Subnet Apply(Subnet subnet, SubnetChanges changes, DateTimeOffset now)
    {
        var block = AddressBlock.Parse(subnet.Cidr);
        var result = subnet with
        {
            Name = changes.Name ?? subnet.Name,
            Description = changes.Description ?? subnet.Description,
            EnableDhcp = changes.EnableDhcp ?? subnet.EnableDhcp,
            DnsNameservers = changes.DnsNameservers is { } dns ? Nameservers(dns) : subnet.DnsNameservers,
            HostRoutes = changes.HostRoutes is { } routes ? Routes(routes, block) : subnet.HostRoutes,
            ServiceTypes = changes.ServiceTypes is { } types ? ServiceTypes(types) : subnet.ServiceTypes,
            AllocationPools = changes.AllocationPools is { } pools ? Pools(pools, block) : subnet.AllocationPools,
        };
        if (result.Gateway is { } gateway && result.AllocationPools is { } given
            && given.FirstOrDefault(p => Contains(p, IPAddress.Parse(gateway))) is { } conflicting)
            throw Rejection.Conflict($"Gateway ip {gateway} conflicts with allocation pool {conflicting.Start}-{conflicting.End}.",
                "GatewayConflictWithAllocationPools");
        return result;
    }

    static string? Gateway(string? gateway, AddressBlock block)
    {
        if (gateway is null) return null;
        if (!IpText.TryParseAddress(gateway, out var parsed) || block.Check(parsed!) != AddressCheck.Usable)
            throw Rejection.BadRequest($"Invalid input for gateway_ip: {gateway} is not a usable address of {block.Cidr}.", "InvalidInput");
        return parsed!.ToString();
    }

    static string? Ipv6Mode(string field, string? mode) =>
        mode is null || Ipv6Modes.Contains(mode)
            ? mode
            : throw NeutronBody.InvalidInput(field, $"'{mode}' is not in [{string.Join(", ", Ipv6Modes.Select(m => $"'{m}'"))}]");

    static IReadOnlyList<string> Nameservers(IReadOnlyList<string> nameservers)
    {
        if (nameservers.Count > MaxDnsNameservers)
            throw Rejection.BadRequest($"Unable to complete operation for subnet. The number of DNS nameservers exceeds the limit {MaxDnsNameservers}.",
                "DNSNameServersExhausted");
        var seen = new HashSet<string>();
        foreach (var nameserver in nameservers)
        {
            if (!IpText.TryParseAddress(nameserver, out _))
                throw NeutronBody.InvalidInput("dns_nameservers", $"'{nameserver}' is not a valid nameserver");
            if (!seen.Add(nameserver)) throw NeutronBody.InvalidInput("dns_nameservers", $"Duplicate nameserver '{nameserver}'");
        }
        return nameservers;
    }

    static IReadOnlyList<HostRoute> Routes(IReadOnlyList<HostRoute> routes, AddressBlock block)
    {
        if (routes.Count > MaxHostRoutes)
            throw Rejection.BadRequest($"Unable to complete operation for subnet. The number of host routes exceeds the limit {MaxHostRoutes}.",
                "HostRoutesExhausted");
        var result = new List<HostRoute>();
        foreach (var route in routes)
        {
            if (!AddressBlock.TryParse(route.Destination, null, out var destination, out _) || destination!.Version != block.Version)
                throw NeutronBody.InvalidInput("host_routes", $"'{route.Destination}' is not a valid IPv{block.Version} CIDR destination");
            if (!IpText.TryParseAddress(route.Nexthop, out var nexthop) || Family(nexthop!) != block.Version)
                throw NeutronBody.InvalidInput("host_routes", $"'{route.Nexthop}' is not a valid IPv{block.Version} nexthop");
            var normalized = new HostRoute(destination.Cidr, nexthop.ToString());
            if (result.Contains(normalized)) throw NeutronBody.InvalidInput("host_routes", $"Duplicate hostroute '{route.Destination}'");
            result.Add(normalized);
        }
        return result;
    }

    static IReadOnlyList<string> ServiceTypes(IReadOnlyList<string> types) =>
        types.FirstOrDefault(t => !(t.StartsWith("network:") || t.StartsWith("compute:")) || t.Length > 255) is { } bad
            ? throw NeutronBody.InvalidInput("service_types", $"'{bad}' is not a valid device owner (network:… or compute:…)")
            : types.Distinct().ToList();

    /// <summary>
    /// Neutron's <c>validate_allocation_pools</c>: each pool a range of the subnet's version (start ≤ end:
    /// <c>InvalidAllocationPool</c> 400), inside the CIDR without its network address (nor, in IPv4, its broadcast
    /// address: <c>OutOfBoundsAllocationPool</c> 400), no two overlapping (<c>OverlappingAllocationPools</c> 409).
    /// </summary>
    public static IReadOnlyList<AllocationPool> Pools(IReadOnlyList<AllocationPool> pools, AddressBlock block)
    {
        var bytes = block.Version == 4 ? 4 : 16;
        var first = Number(block.Network.BaseAddress) + 1;
        var last = Number(block.Network.BaseAddress) + (BigInteger.One << (bytes * 8 - block.Network.PrefixLength)) - (block.Version == 4 ? 2 : 1);
        var ranges = new List<(BigInteger Start, BigInteger End, AllocationPool Pool)>();
        foreach (var pool in pools)
        {
            if (!IpText.TryParseAddress(pool.Start, out var start) || !IpText.TryParseAddress(pool.End, out var end)
                || Family(start) != block.Version || Family(end) != block.Version || Number(start) > Number(end))
                throw Rejection.BadRequest($"The allocation pool {pool.Start}-{pool.End} is not valid.", "InvalidAllocationPool");
            if (Number(start) < first || Number(end) > last)
                throw Rejection.BadRequest($"The allocation pool {pool.Start}-{pool.End} spans beyond the subnet cidr {block.Cidr}.",
                    "OutOfBoundsAllocationPool");
            var normalized = new AllocationPool(start.ToString(), end.ToString());
            if (ranges.FirstOrDefault(r => r.Start <= Number(end) && Number(start) <= r.End) is { Pool: not null } overlapping)
                throw Rejection.Conflict($"Found overlapping allocation pools: {overlapping.Pool.Start}-{overlapping.Pool.End} " +
                    $"{normalized.Start}-{normalized.End} for subnet {block.Cidr}.", "OverlappingAllocationPools");
            ranges.Add((Number(start), Number(end), normalized));
        }
        return ranges.Select(r => r.Pool).ToList();
    }

    static bool Contains(AllocationPool pool, IPAddress address) =>
        Number(IPAddress.Parse(pool.Start)) <= Number(address) && Number(address) <= Number(IPAddress.Parse(pool.End));

    static int Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;

    public static bool Overlaps(AddressBlock a, AddressBlock b) =>
        a.Version == b.Version && (a.Network.Contains(b.Network.BaseAddress) || b.Network.Contains(a.Network.BaseAddress));

    /// <summary>
    /// Neutron's allocation pools: those given, or else the usable range with the gateway cut out of it. The range runs
    /// to the real end of the block (an IPv6 /64 ends at <c>…:ffff:ffff:ffff:ffff</c>), not to the allocator's cursor
    /// cap, and a gateway anywhere in it splits it (addresses as numbers, never as offsets the cap could cut short).
    /// </summary>
    public static IReadOnlyList<(string Start, string End)> AllocationPools(Subnet subnet)
    {
        if (subnet.AllocationPools is { } given) return given.Select(p => (p.Start, p.End)).ToList();
        var block = AddressBlock.Parse(subnet.Cidr, subnet.Gateway);
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
