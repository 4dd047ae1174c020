using CloudNet.Ipam;

namespace CloudNet.Networks;

/// <summary>One of a subnet's allocation pools: the first and last address IPAM may hand out automatically.</summary>
public sealed record AllocationPool(string Start, string End);

/// <summary>A route a subnet's DHCP hands out (Neutron's <c>host_routes</c>).</summary>
public sealed record HostRoute(string Destination, string Nexthop);

/// <summary>
/// A subnet of a network: the CIDR its addresses come from. Its IPAM scope is its own. The attributes past
/// <see cref="CreatedAt"/> are Neutron's; subnets recorded before they existed read with Neutron's defaults.
/// </summary>
public sealed record Subnet(Guid Id, string Name, string Cidr, int Version, string? Gateway, DateTimeOffset CreatedAt)
{
    public string Description { get; init; } = "";
    public bool EnableDhcp { get; init; } = true;
    public IReadOnlyList<string> DnsNameservers { get; init; } = [];

    /// <summary>The pools IPAM hands addresses out of; null: the whole usable range (the gateway cut out).</summary>
    public IReadOnlyList<AllocationPool>? AllocationPools { get; init; }

    public IReadOnlyList<HostRoute> HostRoutes { get; init; } = [];
    public string? Ipv6RaMode { get; init; }
    public string? Ipv6AddressMode { get; init; }
    public IReadOnlyList<string> ServiceTypes { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public DateTimeOffset UpdatedAt { get; init; } = CreatedAt;

    /// <summary>Neutron's <c>revision_number</c>: 1 when created, one more for each change of the subnet.</summary>
    public long Revision { get; init; } = 1;

    public string IpamScope => ScopeOf(Id);

    public static string ScopeOf(Guid subnetId) => $"subnet:{subnetId}";

    public AddressBlock Block() => AddressBlock.Parse(Cidr, Gateway, AllocationPools?.Select(p => (p.Start, p.End)).ToList());
}

/// <summary>An address IPAM gave out on one subnet of a network.</summary>
public sealed record FixedIp(Guid SubnetId, string Address, int Version);

/// <summary>Neutron's writable attributes of a network besides its name, with Neutron's defaults.</summary>
/// <param name="External"><c>router:external</c>.</param>
public sealed record NetworkAttributes(string Description, bool AdminStateUp, int Mtu, bool PortSecurityEnabled, string? DnsDomain,
    bool Shared, bool External, IReadOnlyList<string> AvailabilityZoneHints)
{
    public static readonly NetworkAttributes Defaults = new("", true, 1500, true, null, false, false, []);
}

/// <summary>A network was created. <c>TenantId</c> null means shared by every tenant (PublicNet, ServiceNet);
/// <c>VpcId</c> is set when the network was created as a Huawei VPC subnet; <c>Attributes</c> when it was created with
/// Neutron's attributes (null: their defaults).</summary>
public sealed record NetworkCreated(Guid NetworkId, string? TenantId, string Label, string By, DateTimeOffset At, Guid? VpcId = null,
    NetworkAttributes? Attributes = null);

/// <summary>A network's name or Neutron attributes changed (<c>PUT /v2.0/networks/{id}</c>): the whole new set.</summary>
public sealed record NetworkUpdated(Guid NetworkId, string Label, NetworkAttributes Attributes, string By, DateTimeOffset At);

public sealed record SubnetCreated(Guid NetworkId, Subnet Subnet, string By, DateTimeOffset At);

/// <summary>A subnet's attributes changed (<c>PUT /v2.0/subnets/{id}</c>): the subnet as it is now.</summary>
public sealed record SubnetUpdated(Guid NetworkId, Subnet Subnet, string By, DateTimeOffset At);

public sealed record SubnetDeleted(Guid NetworkId, Guid SubnetId, string By, DateTimeOffset At);

public sealed record NetworkDeleted(Guid NetworkId, string By, DateTimeOffset At);

/// <summary>
/// The network aggregate, one stream per network, also its read model (an inline snapshot): GETs load it,
/// never replay it. <see cref="Id"/> is the storage key (see <see cref="NetworkKeys"/>); <see cref="NetworkId"/>
/// is the id clients see. Deleted networks leave the snapshot; their stream remains.
/// </summary>
public sealed record Network(Guid Id, Guid NetworkId, string? TenantId, string Label, IReadOnlyList<Subnet> Subnets,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The Huawei VPC this network is a subnet of, if it was made through <c>/v1/{project}/subnets</c>.</summary>
    public Guid? VpcId { get; init; }

    public NetworkAttributes Attributes { get; init; } = NetworkAttributes.Defaults;

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Neutron's <c>revision_number</c>: one more for each change of the network or of one of its subnets, not for
    /// the addresses given out on it (those events share the stream, but change neither).</summary>
    public long Revision { get; init; } = 1;

    /// <summary>The operator's: PublicNet, ServiceNet (no tenant owns them).</summary>
    public bool IsProvider => TenantId is null;

    /// <summary>Seen by every tenant: a provider network, or one an admin shared.</summary>
    public bool IsShared => IsProvider || Attributes.Shared;

    public bool VisibleTo(string tenantId) => IsShared || TenantId == tenantId;

    public static Network Create(NetworkCreated e) =>
        new(NetworkKeys.StreamId(e.NetworkId), e.NetworkId, e.TenantId, e.Label, [], e.At, e.At)
        {
            VpcId = e.VpcId,
            Attributes = e.Attributes ?? NetworkAttributes.Defaults,
            Shared = (e.Attributes ?? NetworkAttributes.Defaults).Shared,
        };

    public Network Apply(NetworkUpdated e) =>
        this with { Label = e.Label, Attributes = e.Attributes, Shared = e.Attributes.Shared, UpdatedAt = e.At, Revision = Revision + 1 };

    public Network Apply(SubnetCreated e) => this with { Subnets = [.. Subnets, e.Subnet], UpdatedAt = e.At, Revision = Revision + 1 };

    public Network Apply(SubnetUpdated e) =>
        this with { Subnets = Subnets.Select(s => s.Id == e.Subnet.Id ? e.Subnet : s).ToList(), UpdatedAt = e.At, Revision = Revision + 1 };

    public Network Apply(SubnetDeleted e) =>
        this with { Subnets = Subnets.Where(s => s.Id != e.SubnetId).ToList(), UpdatedAt = e.At, Revision = Revision + 1 };

    public Network Apply(NetworkTagsReplaced e) => this with { Tags = e.Tags, UpdatedAt = e.At, Revision = Revision + 1 };

    /// <summary>A subnet lives in its network's stream, and so do its tags.</summary>
    public Network Apply(SubnetTagsReplaced e) => this with
    {
        Subnets = Subnets.Select(s => s.Id == e.SubnetId ? s with { Tags = e.Tags, UpdatedAt = e.At, Revision = s.Revision + 1 } : s).ToList(),
    };

    public bool ShouldDelete(NetworkDeleted e) => true;

    /// <summary>A copy of <see cref="NetworkAttributes.Shared"/> that Marten can query (lists find shared networks by it).</summary>
    public bool Shared { get; init; }
}

/// <summary>
/// PublicNet's id is the empty Guid, which Marten refuses as a stream or document id. Its stream and
/// snapshot live under a fixed stand-in key; every other network is stored under its own id.
/// </summary>
public static class NetworkKeys
{
    public static readonly Guid PublicNetStreamId = Guid.Parse("00000000-0000-0000-0000-0000000000f0");

    public static Guid StreamId(Guid networkId) => networkId == Guid.Empty ? PublicNetStreamId : networkId;

    /// <summary>The network loaded under <paramref name="networkId"/>'s key, if it really is that network: the
    /// stand-in key itself, asked for as an id, finds PublicNet's snapshot, and must answer as a missing network.</summary>
    public static Network? Is(this Network? network, Guid networkId) => network?.NetworkId == networkId ? network : null;
}
