using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace CloudNet.Ipam;

/// <summary>
/// An immutable CIDR block (a floating IP pool or a subnet) and the offsets an allocator may hand out.
/// Without allocation pools, offset 0 is the block's base address and offsets run up to <see cref="Capacity"/> - 1.
/// With pools (Neutron's <c>allocation_pools</c>), the offsets run over the pools laid end to end, in the order given:
/// the cursor walks the pools and nothing else, while an address asked for by name may still lie anywhere in the block.
/// </summary>
public sealed class AddressBlock
{
    // Caps the cursor range so offsets fit a bigint column; 2^62 addresses are never exhausted in practice.
    private const int MaxCapacityBits = 62;

    private readonly BigInteger _base;
    private readonly int _addressBytes;
    private readonly bool _reservesNetwork;
    private readonly bool _reservesBroadcast;
    private readonly long? _broadcastOffset;
    private readonly IReadOnlyList<(BigInteger Start, long First, long Size)> _ranges;

    private AddressBlock(IPNetwork network, IPAddress? gateway, IReadOnlyList<(IPAddress Start, IPAddress End)>? pools = null)
    {
        Network = network;
        Cidr = network.ToString();
        Version = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;
        Gateway = gateway;
        _addressBytes = Version == 4 ? 4 : 16;
        _base = ToNumber(network.BaseAddress);

        var hostBits = _addressBytes * 8 - network.PrefixLength;
        var size = BigInteger.One << hostBits;
        Capacity = hostBits >= MaxCapacityBits ? 1L << MaxCapacityBits : (long)size;

        // IPv4 /31 and /32 (RFC 3021) and IPv6 /127 and /128 (RFC 6164) are point-to-point or host
        // routes: every address is usable. Larger blocks lose offset 0 (IPv4 network address, IPv6
        // subnet-router anycast) and, for IPv4 only, the broadcast address.
        _reservesNetwork = hostBits >= 2;
        _reservesBroadcast = Version == 4 && hostBits >= 2;
        _broadcastOffset = _reservesBroadcast ? Capacity - 1 : null;
        var broadcast = _broadcastOffset is { } b ? ToAddress(_base + b, _addressBytes) : null;
        Reserved = [
            .. _reservesNetwork ? [network.BaseAddress] : Array.Empty<IPAddress>(),
            .. broadcast is null ? Array.Empty<IPAddress>() : [broadcast],
            .. gateway is null ? Array.Empty<IPAddress>() : [gateway],
        ];

        if (pools is null || pools.Count == 0)
        {
            _ranges = [(_base, 0, Capacity)];
            UsableCount = size - (_reservesNetwork ? 1 : 0) - (_reservesBroadcast ? 1 : 0) - (gateway is null ? 0 : 1);
            Pools = [];
            return;
        }
        var ranges = new List<(BigInteger, long, long)>();
        long first = 0;
        BigInteger usable = 0;
        foreach (var (start, end) in pools)
        {
            var from = ToNumber(Normalize(start));
            var count = ToNumber(Normalize(end)) - from + 1;
            usable += count - Reserved.Count(r => ToNumber(r) >= from && ToNumber(r) < from + count);
            var room = (1L << MaxCapacityBits) - first;
            var taken = count > room ? room : (long)count;
            if (taken == 0) break;
            ranges.Add((from, first, taken));
            first += taken;
        }
        _ranges = ranges;
        Capacity = first;
        UsableCount = usable;
        Pools = pools.Select(p => (Normalize(p.Start), Normalize(p.End))).ToList();
    }

    /// <summary>The allocation pools the cursor walks; empty when it walks the whole block.</summary>
    public IReadOnlyList<(IPAddress Start, IPAddress End)> Pools { get; }

    /// <summary>The cursor's offsets as ranges of addresses (the pools, or the whole block): each range's first address,
    /// the offset it starts at and how many offsets it holds. What the ledger's SQL maps an offset through.</summary>
    public IReadOnlyList<(IPAddress Start, long FirstOffset, long Size)> CursorRanges =>
        _ranges.Select(r => (ToAddress(r.Start, _addressBytes), r.First, r.Size)).ToList();

    /// <summary>Whether the cursor could ever hand this address out: inside a pool (or the block, without pools) and not reserved.</summary>
    public bool InPools(IPAddress address) => OffsetOf(address) is not null && Check(address) == AddressCheck.Usable;

    public IPNetwork Network { get; }

    /// <summary>Canonical form, e.g. "10.0.0.0/24" or "2001:db8::/64".</summary>
    public string Cidr { get; }

    public int Version { get; }

    public IPAddress? Gateway { get; }

    /// <summary>Number of offsets the cursor may walk: 2^(host bits), or the size of the pools, capped at 2^62.</summary>
    public long Capacity { get; }

    /// <summary>Addresses that can be leased (excludes network/anycast, broadcast and gateway).</summary>
    public BigInteger UsableCount { get; }

    /// <summary>The block's addresses that are never handed out: network (or IPv6 anycast), broadcast, gateway.</summary>
    public IReadOnlyList<IPAddress> Reserved { get; }

    public IPAddress FirstUsable => FirstUsableFrom(0, +1);

    /// <summary>The last usable address within <see cref="Capacity"/> (huge IPv6 blocks are truncated).</summary>
    public IPAddress LastUsable => FirstUsableFrom(Capacity - 1, -1);

    public static AddressBlock Parse(string cidr, string? gateway = null, IReadOnlyList<(string Start, string End)>? pools = null) =>
        TryParse(cidr, gateway, out var block, out var error) ? pools is { Count: > 0 } ? block!.WithPools(pools) : block! : throw new FormatException(error);

    public static bool TryParse(string cidr, string? gateway, out AddressBlock? block, out string? error)
    {
        block = null;
        error = Validate(cidr, gateway, out var candidate);
        if (error is null) block = candidate;
        return error is null;
    }

    /// <summary>The same block, its cursor walking these pools (checked by the caller to lie inside the block, in order, apart).</summary>
    AddressBlock WithPools(IReadOnlyList<(string Start, string End)> pools)
    {
        var parsed = pools.Select(p => IpText.TryParseAddress(p.Start, out var start) && IpText.TryParseAddress(p.End, out var end)
                && Network.Contains(Normalize(start)) && Network.Contains(Normalize(end)) && ToNumber(Normalize(start)) <= ToNumber(Normalize(end))
            ? (start, end)
            : throw new FormatException($"Allocation pool {p.Start}-{p.End} is not a range of {Cidr}.")).ToList();
        return new AddressBlock(Network, Gateway, parsed);
    }

    public IPAddress AddressAt(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, Capacity);
        foreach (var (start, first, size) in _ranges)
            if (offset < first + size) return ToAddress(start + (offset - first), _addressBytes);
        throw new ArgumentOutOfRangeException(nameof(offset));
    }

    /// <summary>The address's offset in the cursor's walk; null when outside the block, outside the pools or beyond
    /// <see cref="Capacity"/>.</summary>
    public long? OffsetOf(IPAddress address)
    {
        address = Normalize(address);
        if (!Network.Contains(address)) return null;
        var number = ToNumber(address);
        foreach (var (start, first, size) in _ranges)
            if (number >= start && number - start < size) return first + (long)(number - start);
        return null;
    }

    public AddressCheck Check(IPAddress address)
    {
        address = Normalize(address);
        if (!Network.Contains(address)) return AddressCheck.OutsideBlock;
        if (Gateway is not null && Gateway.Equals(address)) return AddressCheck.Gateway;
        var offset = ToNumber(address) - _base;
        if (_reservesNetwork && offset.IsZero) return AddressCheck.NetworkAddress;
        if (_broadcastOffset is { } broadcast && offset == broadcast) return AddressCheck.BroadcastAddress;
        return AddressCheck.Usable;
    }

    public override string ToString() => Gateway is null ? Cidr : $"{Cidr} (gateway {Gateway})";

    private static string? Validate(string cidr, string? gateway, out AddressBlock? block)
    {
        block = null;
        if (string.IsNullOrWhiteSpace(cidr))
            return "CIDR is required, e.g. \"10.0.0.0/24\".";
        cidr = cidr.Trim();
        var slash = cidr.IndexOf('/');
        if (slash < 0)
            return $"'{cidr}' is not a CIDR: a prefix length is required, e.g. \"10.0.0.0/24\".";
        if (!IpText.TryParseAddress(cidr[..slash], out var baseAddress) || !IpText.TryParsePrefix(cidr[(slash + 1)..], out var prefix)
            || prefix > (baseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
            return $"'{cidr}' is not a valid CIDR block.";
        var network = new IPNetwork(Truncate(baseAddress, prefix), prefix);
        if (!network.BaseAddress.Equals(baseAddress))
            return $"'{cidr}' has host bits set; the block must start at its network address ({network}).";
        // IPv4 addresses written as IPv6 (RFC 4291 §2.5.5.2) are no IPv6 subnet; IPNetwork does not even see them as
        // members of their own /96.
        if (baseAddress.IsIPv4MappedToIPv6 && prefix >= 96)
            return $"'{cidr}' is IPv4-mapped IPv6 space (::ffff:0:0/96); give the IPv4 CIDR instead.";

        IPAddress? gatewayAddress = null;
        if (!string.IsNullOrWhiteSpace(gateway))
        {
            if (!IpText.TryParseAddress(gateway.Trim(), out gatewayAddress))
                return $"Gateway '{gateway}' is not a valid IP address.";
            gatewayAddress = Normalize(gatewayAddress, network.BaseAddress.AddressFamily);
            var check = new AddressBlock(network, null).Check(gatewayAddress);
            if (check != AddressCheck.Usable)
                return check == AddressCheck.OutsideBlock
                    ? $"Gateway {gatewayAddress} is outside {network}."
                    : $"Gateway {gatewayAddress} is the {Describe(check)} of {network} and cannot be a gateway.";
        }

        block = new AddressBlock(network, gatewayAddress);
        if (block.UsableCount.IsZero) return $"{block} has no usable address left besides the gateway.";
        return block.TryFirstUsableFrom(0, +1, out _) ? null : $"{block} has no usable address.";
    }

    private static IPAddress Truncate(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes().Length;
        var hostMask = (BigInteger.One << (bytes * 8 - prefix)) - 1;
        var all = (BigInteger.One << (bytes * 8)) - 1;
        return ToAddress(ToNumber(address) & (all ^ hostMask), bytes);
    }

    private static string Describe(AddressCheck check) => check switch
    {
        AddressCheck.NetworkAddress => "network address",
        AddressCheck.BroadcastAddress => "broadcast address",
        _ => check.ToString(),
    };

    private IPAddress FirstUsableFrom(long offset, int step) =>
        TryFirstUsableFrom(offset, step, out var address) ? address : throw new InvalidOperationException($"{this} has no usable address.");

    /// <summary>At most network, broadcast and gateway are reserved, so a usable address is at most three steps away.
    /// The walk stops there: an unbounded one over a block that holds no usable address (2^62 offsets at worst) would
    /// keep a request busy for hours.</summary>
    private bool TryFirstUsableFrom(long offset, int step, out IPAddress address)
    {
        for (var steps = 0; steps < 4 && offset >= 0 && offset < Capacity; offset += step, steps++)
        {
            address = AddressAt(offset);
            if (Check(address) == AddressCheck.Usable) return true;
        }
        address = IPAddress.None;
        return false;
    }

    /// <summary>The form in which the address is stored: IPv4 rather than IPv4-mapped, no IPv6 scope id.</summary>
    internal IPAddress Canonical(IPAddress address) => Normalize(address);

    private IPAddress Normalize(IPAddress address) => Normalize(address, Network.BaseAddress.AddressFamily);

    // An IPv4 address may arrive IPv4-mapped ("::ffff:10.0.0.1") from dual-stack sockets; IPv6 scope ids
    // would make otherwise equal addresses compare unequal.
    private static IPAddress Normalize(IPAddress address, AddressFamily family)
    {
        if (family == AddressFamily.InterNetwork && address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
            return new IPAddress(address.GetAddressBytes());
        return address;
    }

    private static BigInteger ToNumber(IPAddress address) =>
        new(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    private static IPAddress ToAddress(BigInteger value, int bytes)
    {
        var buffer = new byte[bytes];
        value.TryWriteBytes(buffer.AsSpan(bytes - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return new IPAddress(buffer);
    }
}
