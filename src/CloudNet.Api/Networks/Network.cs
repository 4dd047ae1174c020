using CloudNet.Ipam;

namespace CloudNet.Networks;

/// <summary>A subnet of a network: the CIDR its addresses come from. Its IPAM scope is its own.</summary>
public sealed record Subnet(Guid Id, string Name, string Cidr, int Version, string? Gateway, DateTimeOffset CreatedAt)
{
    public string IpamScope => ScopeOf(Id);

    public static string ScopeOf(Guid subnetId) => $"subnet:{subnetId}";

    public AddressBlock Block() => AddressBlock.Parse(Cidr, Gateway);
}

/// <summary>An address IPAM gave out on one subnet of a network.</summary>
public sealed record FixedIp(Guid SubnetId, string Address, int Version);

/// <summary>A network was created. <c>TenantId</c> null means shared by every tenant (PublicNet, ServiceNet);
/// <c>VpcId</c> is set when the network was created as a Huawei VPC subnet.</summary>
public sealed record NetworkCreated(Guid NetworkId, string? TenantId, string Label, string By, DateTimeOffset At, Guid? VpcId = null);

public sealed record SubnetCreated(Guid NetworkId, Subnet Subnet, string By, DateTimeOffset At);

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

    public bool IsShared => TenantId is null;

    public bool VisibleTo(string tenantId) => TenantId is null || TenantId == tenantId;

    public static Network Create(NetworkCreated e) =>
        new(NetworkKeys.StreamId(e.NetworkId), e.NetworkId, e.TenantId, e.Label, [], e.At, e.At) { VpcId = e.VpcId };

    public Network Apply(SubnetCreated e) => this with { Subnets = [.. Subnets, e.Subnet], UpdatedAt = e.At };

    public Network Apply(SubnetDeleted e) => this with { Subnets = Subnets.Where(s => s.Id != e.SubnetId).ToList(), UpdatedAt = e.At };

    public bool ShouldDelete(NetworkDeleted e) => true;
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
