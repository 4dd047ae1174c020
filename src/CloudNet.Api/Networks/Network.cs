using CloudNet.Ipam;

namespace CloudNet.Networks;

/// <summary>A subnet of a network: the CIDR its addresses come from. Its IPAM scope is its own.</summary>
public sealed record Subnet(Guid Id, string Cidr, int Version, string? Gateway)
{
    public string IpamScope => $"subnet:{Id}";

    public AddressBlock Block() => AddressBlock.Parse(Cidr, Gateway);
}

/// <summary>An address IPAM gave out on one subnet of a network.</summary>
public sealed record FixedIp(Guid SubnetId, string Address, int Version);

/// <summary>A network was created. <c>TenantId</c> null means shared by every tenant (PublicNet, ServiceNet).</summary>
public sealed record NetworkCreated(Guid NetworkId, string? TenantId, string Label, IReadOnlyList<Subnet> Subnets, string By, DateTimeOffset At);

/// <summary>
/// The network aggregate, also its read model (an inline snapshot): GETs load it, never replay it.
/// <see cref="Id"/> is the storage key (see <see cref="NetworkKeys"/>); <see cref="NetworkId"/> is the id clients see.
/// </summary>
public sealed record Network(Guid Id, Guid NetworkId, string? TenantId, string Label, IReadOnlyList<Subnet> Subnets, DateTimeOffset CreatedAt)
{
    public bool IsShared => TenantId is null;

    public bool VisibleTo(string tenantId) => TenantId is null || TenantId == tenantId;

    public static Network Create(NetworkCreated created) =>
        new(NetworkKeys.StreamId(created.NetworkId), created.NetworkId, created.TenantId, created.Label, created.Subnets, created.At);
}

/// <summary>
/// PublicNet's id is the empty Guid, which Marten refuses as a stream or document id. Its stream and
/// snapshot live under a fixed stand-in key; every other network is stored under its own id.
/// </summary>
public static class NetworkKeys
{
    public static readonly Guid PublicNetStreamId = Guid.Parse("00000000-0000-0000-0000-0000000000f0");

    public static Guid StreamId(Guid networkId) => networkId == Guid.Empty ? PublicNetStreamId : networkId;
}
