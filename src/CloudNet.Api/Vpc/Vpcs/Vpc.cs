using CloudNet.Vpc.Tags;

namespace CloudNet.Vpc.Vpcs;

public sealed record VpcCreated(Guid VpcId, string TenantId, string Name, string Description, string Cidr, string By, DateTimeOffset At);

/// <summary>A subnet (a network) joined the VPC; recorded in the VPC's stream so that two subnets racing for
/// overlapping CIDRs cannot both join (the second's version check fails).</summary>
public sealed record VpcSubnetAdded(Guid VpcId, Guid NetworkId, string Cidr, string By, DateTimeOffset At);

public sealed record VpcSubnetRemoved(Guid VpcId, Guid NetworkId, string By, DateTimeOffset At);

/// <summary>The VPC's name, description or CIDR changed (<c>PUT /v1/{project}/vpcs/{id}</c>, or v3's): the whole new set.</summary>
public sealed record VpcUpdated(Guid VpcId, string Name, string Description, string Cidr, string By, DateTimeOffset At);

/// <summary>The VPC's tags changed (Huawei's tag routes): the whole set it has now. A type of its own (see <c>TagEvents</c>).</summary>
public sealed record VpcTagsReplaced(Guid VpcId, IReadOnlyList<ResourceTag> Tags, string By, DateTimeOffset At);

public sealed record VpcDeleted(Guid VpcId, string By, DateTimeOffset At);

public sealed record VpcSubnet(Guid NetworkId, string Cidr);

/// <summary>A Huawei VPC: a CIDR that its subnets must fall in. One stream each, inline snapshot for the GETs.</summary>
public sealed record Vpc(Guid Id, string TenantId, string Name, string Description, string Cidr, IReadOnlyList<VpcSubnet> Subnets,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public IReadOnlyList<ResourceTag> Tags { get; init; } = [];

    public static Vpc Create(VpcCreated e) => new(e.VpcId, e.TenantId, e.Name, e.Description, e.Cidr, [], e.At, e.At);

    public Vpc Apply(VpcSubnetAdded e) => this with { Subnets = [.. Subnets, new VpcSubnet(e.NetworkId, e.Cidr)], UpdatedAt = e.At };

    public Vpc Apply(VpcSubnetRemoved e) => this with { Subnets = Subnets.Where(s => s.NetworkId != e.NetworkId).ToList(), UpdatedAt = e.At };

    public Vpc Apply(VpcUpdated e) => this with { Name = e.Name, Description = e.Description, Cidr = e.Cidr, UpdatedAt = e.At };

    public Vpc Apply(VpcTagsReplaced e) => this with { Tags = e.Tags, UpdatedAt = e.At };

    public bool ShouldDelete(VpcDeleted e) => true;
}
