namespace CloudNet.Networks.SecurityGroups;

/// <summary>
/// A rule of a security group, as Neutron keeps it after validation: the protocol by name or number as given (lower case),
/// ports null for "any", <see cref="RemoteIpPrefix"/> with its prefix length (an address alone is its /32 or /128).
/// </summary>
public sealed record SecurityGroupRule(Guid Id, string Direction, string Ethertype, string? Protocol, int? PortRangeMin, int? PortRangeMax,
    string? RemoteIpPrefix, Guid? RemoteGroupId, string Description, DateTimeOffset CreatedAt)
{
    public const string Ingress = "ingress";
    public const string Egress = "egress";
    public const string IPv4 = "IPv4";
    public const string IPv6 = "IPv6";

    /// <summary>Huawei v3's <c>priority</c> (1 to 100) as a rule made through it was given one. Neutron's rules all allow, so it
    /// orders nothing here; it is kept so that v3 reads back what it was sent.</summary>
    public int? Priority { get; init; }
}

/// <summary>A security group was created with its first rules (Neutron's default ones: egress anywhere, and for the project's
/// <c>default</c> group ingress from its own members).</summary>
public sealed record SecurityGroupCreated(Guid SecurityGroupId, string TenantId, string Name, string Description, bool Stateful, bool IsDefault,
    IReadOnlyList<SecurityGroupRule> Rules, string By, DateTimeOffset At)
{
    /// <summary>The VPC a group made through Huawei's v1 API names (<c>vpc_id</c>): Huawei keeps it as a hint that restricts
    /// nothing, and filters its lists by it.</summary>
    public Guid? VpcId { get; init; }
}

/// <summary>The group's name, description or statefulness changed (<c>PUT</c>): the whole new set.</summary>
public sealed record SecurityGroupUpdated(Guid SecurityGroupId, string Name, string Description, bool Stateful, string By, DateTimeOffset At);

public sealed record SecurityGroupRuleAdded(Guid SecurityGroupId, string TenantId, SecurityGroupRule Rule, string By, DateTimeOffset At);

/// <summary>A rule went: deleted, or with the group its <c>remote_group_id</c> named (Neutron's cascade).</summary>
public sealed record SecurityGroupRuleRemoved(Guid SecurityGroupId, Guid RuleId, string By, DateTimeOffset At);

/// <summary>The group is gone, its rules with it.</summary>
public sealed record SecurityGroupDeleted(Guid SecurityGroupId, string TenantId, string By, DateTimeOffset At);

/// <summary>
/// A Neutron security group, one stream per group holding its rules' changes too, also its read model (an inline snapshot).
/// The project's <c>default</c> group has a stream id derived from the project, so that it is made once however many requests
/// need it at the same time, and a project emptied by a reset gets it back in the same stream. Deleted groups leave the
/// snapshot; their stream remains.
/// </summary>
public sealed record SecurityGroup(Guid Id, string TenantId, string Name, string Description, bool Stateful, bool IsDefault,
    IReadOnlyList<SecurityGroupRule> Rules, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string DefaultName = "default";
    public const string DefaultDescription = "Default security group";

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Huawei v1's <c>vpc_id</c> hint, when the group was made with one.</summary>
    public Guid? VpcId { get; init; }

    /// <summary>Neutron's <c>revision_number</c>: 1 when created, one more for each change, its rules' included.</summary>
    public long Revision { get; init; } = 1;

    public static Guid DefaultIdOf(string tenantId) => NameBasedIds.Of($"security-group:default:{tenantId}");

    public static SecurityGroup Create(SecurityGroupCreated e) =>
        new(e.SecurityGroupId, e.TenantId, e.Name, e.Description, e.Stateful, e.IsDefault, e.Rules, e.At, e.At) { VpcId = e.VpcId };

    public SecurityGroup Apply(SecurityGroupUpdated e) => Changed(e.At) with { Name = e.Name, Description = e.Description, Stateful = e.Stateful };

    public SecurityGroup Apply(SecurityGroupRuleAdded e) => Changed(e.At) with { Rules = [.. Rules, e.Rule] };

    public SecurityGroup Apply(SecurityGroupRuleRemoved e) => Changed(e.At) with { Rules = Rules.Where(r => r.Id != e.RuleId).ToList() };

    public SecurityGroup Apply(SecurityGroupTagsReplaced e) => Changed(e.At) with { Tags = e.Tags };

    public bool ShouldDelete(SecurityGroupDeleted e) => true;

    SecurityGroup Changed(DateTimeOffset at) => this with { UpdatedAt = at, Revision = Revision + 1 };
}
