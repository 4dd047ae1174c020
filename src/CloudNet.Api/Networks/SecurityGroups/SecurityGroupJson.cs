namespace CloudNet.Networks.SecurityGroups;

/// <summary>Neutron's <c>security_group</c> and <c>security_group_rule</c>, every attribute its API reference shows.</summary>
public static class SecurityGroupJson
{
    public static Dictionary<string, object?> From(SecurityGroup group) => new()
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["description"] = group.Description,
        ["tenant_id"] = group.TenantId,
        ["project_id"] = group.TenantId,
        ["stateful"] = group.Stateful,
        ["shared"] = false,
        ["security_group_rules"] = group.Rules.Select(r => Rule(group, r)).ToList(),
        ["tags"] = group.Tags,
        ["revision_number"] = group.Revision,
        ["created_at"] = NeutronJson.Timestamp(group.CreatedAt),
        ["updated_at"] = NeutronJson.Timestamp(group.UpdatedAt),
    };

    public static Dictionary<string, object?> Rule(SecurityGroup group, SecurityGroupRule rule) => new()
    {
        ["id"] = rule.Id,
        ["tenant_id"] = group.TenantId,
        ["project_id"] = group.TenantId,
        ["security_group_id"] = group.Id,
        ["direction"] = rule.Direction,
        ["ethertype"] = rule.Ethertype,
        ["protocol"] = rule.Protocol,
        ["port_range_min"] = rule.PortRangeMin,
        ["port_range_max"] = rule.PortRangeMax,
        ["remote_ip_prefix"] = rule.RemoteIpPrefix,
        ["normalized_cidr"] = RuleValidation.NormalizedCidr(rule.RemoteIpPrefix),
        ["remote_group_id"] = rule.RemoteGroupId,
        ["remote_address_group_id"] = null,
        ["description"] = rule.Description,
        ["belongs_to_default_sg"] = group.IsDefault,
        ["revision_number"] = 1,
        ["created_at"] = NeutronJson.Timestamp(rule.CreatedAt),
        ["updated_at"] = NeutronJson.Timestamp(rule.CreatedAt),
    };
}
