using CloudNet.Networks.SecurityGroups;
using CloudNet.Vpc.Tags;
using CloudNet.Vpc.Vpcs;

namespace CloudNet.Vpc.SecurityGroups.V3;

/// <summary>
/// v3's <c>SecurityGroup</c> (lists, updates) and <c>SecurityGroupInfo</c> (create, show: with its rules), and its
/// <c>SecurityGroupRule</c>. A rule's ports are v3's <c>multiport</c> (<c>80</c>, <c>22-30</c>); every rule allows and is enabled
/// (Neutron's rules are nothing else); its <c>priority</c> is the one v3 gave it, else 100, the lowest, as Huawei shows the
/// rules it makes itself.
/// </summary>
public static class SecurityGroupV3Json
{
    public const int UnsetPriority = 100;

    public static Dictionary<string, object?> From(SecurityGroup group) => new()
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["description"] = group.Description,
        ["project_id"] = group.TenantId,
        ["created_at"] = VpcJson.Timestamp(group.CreatedAt),
        ["updated_at"] = VpcJson.Timestamp(group.UpdatedAt),
        ["enterprise_project_id"] = "0",
        ["tags"] = group.Tags.Select(ResourceTags.FromNeutron).Select(t => new { key = t.Key, value = t.Value }),
    };

    public static Dictionary<string, object?> Info(SecurityGroup group)
    {
        var info = From(group);
        info["security_group_rules"] = group.Rules.Select(r => Rule(group, r)).ToList();
        return info;
    }

    public static Dictionary<string, object?> Rule(SecurityGroup group, SecurityGroupRule rule) => new()
    {
        ["id"] = rule.Id,
        ["description"] = rule.Description,
        ["security_group_id"] = group.Id,
        ["direction"] = rule.Direction,
        ["protocol"] = rule.Protocol,
        ["ethertype"] = rule.Ethertype,
        ["multiport"] = Multiport(rule),
        ["action"] = "allow",
        ["priority"] = rule.Priority ?? UnsetPriority,
        ["remote_group_id"] = rule.RemoteGroupId,
        ["remote_ip_prefix"] = rule.RemoteIpPrefix,
        ["remote_address_group_id"] = null,
        ["created_at"] = VpcJson.Timestamp(rule.CreatedAt),
        ["updated_at"] = VpcJson.Timestamp(rule.CreatedAt),
        ["project_id"] = group.TenantId,
        ["enabled"] = true,
    };

    static string? Multiport(SecurityGroupRule rule) => (rule.PortRangeMin, rule.PortRangeMax) switch
    {
        (null, null) => null,
        ({ } min, { } max) when min == max => $"{min}",
        (var min, null) => $"{min}",
        (var min, var max) => $"{min}-{max}",
    };
}
