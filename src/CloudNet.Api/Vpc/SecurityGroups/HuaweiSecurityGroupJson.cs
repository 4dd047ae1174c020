using CloudNet.Networks.SecurityGroups;

namespace CloudNet.Vpc.SecurityGroups;

/// <summary>v1's <c>security_group</c> and <c>security_group_rule</c> (the SDK's v2 <c>SecurityGroup</c> and <c>SecurityGroupRule</c>):
/// Neutron's group without its revision and times, with the <c>vpc_id</c> hint and the enterprise project (always <c>0</c>).</summary>
public static class HuaweiSecurityGroupJson
{
    public static object From(SecurityGroup group) => new
    {
        id = group.Id,
        name = group.Name,
        description = group.Description,
        vpc_id = group.VpcId,
        enterprise_project_id = "0",
        security_group_rules = group.Rules.Select(r => Rule(group, r)),
    };

    public static object Rule(SecurityGroup group, SecurityGroupRule rule) => new
    {
        id = rule.Id,
        description = rule.Description,
        security_group_id = group.Id,
        direction = rule.Direction,
        ethertype = rule.Ethertype,
        protocol = rule.Protocol,
        port_range_min = rule.PortRangeMin,
        port_range_max = rule.PortRangeMax,
        remote_ip_prefix = rule.RemoteIpPrefix,
        remote_group_id = rule.RemoteGroupId,
        remote_address_group_id = (string?)null,
        tenant_id = group.TenantId,
    };
}
