using CloudNet.Networks.SecurityGroups;

namespace CloudNet.Compute.SecurityGroups;

/// <summary>
/// nova's view of Neutron's security groups (<c>/os-security-groups</c>), as nova's Neutron driver renders them: only the
/// ingress rules, ports as nova-network had them (a TCP or UDP rule without ports is 1 to 65535, any other protocol's -1), and
/// each rule's remote as <c>ip_range</c> (<c>0.0.0.0/0</c> for anywhere) or as the <c>group</c> it names.
/// </summary>
public static class NovaSecurityGroupJson
{
    /// <param name="names">The project's groups by id, for the names of the groups rules name as their remote.</param>
    public static Dictionary<string, object?> Group(SecurityGroup group, IReadOnlyDictionary<Guid, SecurityGroup> names) => new()
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["description"] = group.Description,
        ["tenant_id"] = group.TenantId,
        ["rules"] = group.Rules.Where(r => r.Direction == SecurityGroupRule.Ingress).Select(r => Rule(group, r, names)).ToList(),
    };

    public static Dictionary<string, object?> Rule(SecurityGroup group, SecurityGroupRule rule, IReadOnlyDictionary<Guid, SecurityGroup> names)
    {
        var anyPorts = rule.Protocol is not null && rule.PortRangeMin is null && rule.PortRangeMax is null;
        var (from, to) = anyPorts
            ? rule.Protocol is "tcp" or "udp" or "6" or "17" ? (1, 65535) : (-1, -1)
            : ((int?)rule.PortRangeMin, (int?)rule.PortRangeMax);
        return new()
        {
            ["id"] = rule.Id,
            ["parent_group_id"] = group.Id,
            ["ip_protocol"] = rule.Protocol,
            ["from_port"] = from,
            ["to_port"] = to,
            ["group"] = rule.RemoteGroupId is { } remote
                ? new { name = names.TryGetValue(remote, out var named) ? named.Name : null, tenant_id = group.TenantId }
                : new object(),
            ["ip_range"] = rule.RemoteGroupId is null ? new { cidr = rule.RemoteIpPrefix ?? "0.0.0.0/0" } : new object(),
        };
    }
}
