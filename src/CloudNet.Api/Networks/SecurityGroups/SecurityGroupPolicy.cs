using CloudNet.Identity;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>
/// Neutron's rules for security groups as pure functions: state and request in, events or a rejection out. A new group gets
/// Neutron's default rules (egress to anywhere, IPv4 and IPv6); the project's <c>default</c> group also lets in what comes from
/// its own members; no other group may be named <c>default</c>, and that one keeps its name and stays.
/// </summary>
public static class SecurityGroupPolicy
{
    /// <param name="membersTrusted">Whether the group also lets in what comes from its own members, as Huawei makes every group
    /// ("by default, a security group only allows instances in it to communicate with each other"); Neutron's new groups only let out.</param>
    public static SecurityGroupCreated Create(Guid id, string? name, string? description, bool? stateful, Caller caller, DateTimeOffset now,
        bool membersTrusted = false)
    {
        var chosen = NotDefault(name ?? "");
        IReadOnlyList<SecurityGroupRule> rules = membersTrusted ? [.. EgressRules(caller, now), .. MemberRules(id, caller, now)] : EgressRules(caller, now);
        return new SecurityGroupCreated(id, caller.TenantId, chosen, description ?? "", stateful ?? true, false, rules, caller.UserName, now);
    }

    /// <summary>The project's <c>default</c> group, as Neutron makes it on first use.</summary>
    public static SecurityGroupCreated CreateDefault(string tenantId, Caller caller, DateTimeOffset now)
    {
        var id = SecurityGroup.DefaultIdOf(tenantId);
        return new SecurityGroupCreated(id, tenantId, SecurityGroup.DefaultName, SecurityGroup.DefaultDescription, true, true,
            [.. EgressRules(caller, now), .. MemberRules(id, caller, now)], caller.UserName, now);
    }

    /// <summary><c>PUT</c>: the new name, description and statefulness, or null when nothing changes. The default group's name is
    /// not the caller's to give (even its own); statefulness changes only while no port uses the group.</summary>
    public static SecurityGroupUpdated? Update(SecurityGroup group, string? name, string? description, bool? stateful, bool portsUseIt, Caller caller,
        DateTimeOffset now)
    {
        if (group.IsDefault && name is not null) throw SecurityGroupErrors.CannotUpdateDefault();
        var updated = new SecurityGroupUpdated(group.Id, name is null ? group.Name : NotDefault(name), description ?? group.Description,
            stateful ?? group.Stateful, caller.UserName, now);
        if (updated.Stateful != group.Stateful && portsUseIt) throw SecurityGroupErrors.InUse(group.Id);
        return (updated.Name, updated.Description, updated.Stateful) == (group.Name, group.Description, group.Stateful) ? null : updated;
    }

    /// <summary><c>DELETE</c>: not while a port uses the group; the default group only by an admin (Neutron's policy).</summary>
    public static SecurityGroupDeleted Delete(SecurityGroup group, bool portsUseIt, Caller caller, DateTimeOffset now)
    {
        if (portsUseIt) throw SecurityGroupErrors.InUse(group.Id);
        if (group.IsDefault && !caller.IsAdmin) throw SecurityGroupErrors.CannotRemoveDefault();
        return new SecurityGroupDeleted(group.Id, group.TenantId, caller.UserName, now);
    }

    /// <summary>A rule for the group, checked (<see cref="RuleValidation.Canonical"/>) and not one the group has already.</summary>
    public static SecurityGroupRuleAdded AddRule(SecurityGroup group, Guid ruleId, RuleRequest request, Caller caller, DateTimeOffset now)
    {
        var rule = RuleValidation.Canonical(request);
        if (Duplicate(group, rule) is { } existing) throw SecurityGroupErrors.RuleExists(existing.Id);
        return new SecurityGroupRuleAdded(group.Id, group.TenantId, new SecurityGroupRule(ruleId, rule.Direction, rule.Ethertype, rule.Protocol,
            rule.PortRangeMin, rule.PortRangeMax, rule.RemoteIpPrefix, rule.RemoteGroupId, rule.Description, now) { Priority = rule.Priority },
            caller.UserName, now);
    }

    /// <summary>The group's rule that is the same as the requested one (neutron's <c>_rule_to_key</c>), if it has one.</summary>
    public static SecurityGroupRule? Duplicate(SecurityGroup group, RuleRequest request)
    {
        var key = RuleValidation.Key(RuleValidation.Canonical(request));
        return group.Rules.FirstOrDefault(r => RuleValidation.Key(group.Id, r) == key);
    }

    /// <summary>neutron's <c>name_not_default</c> validator.</summary>
    static string NotDefault(string name) =>
        name.Equals(SecurityGroup.DefaultName, StringComparison.OrdinalIgnoreCase) ? throw SecurityGroupErrors.DefaultAlreadyExists() : name;

    static IReadOnlyList<SecurityGroupRule> EgressRules(Caller caller, DateTimeOffset now) =>
        [Rule(SecurityGroupRule.Egress, SecurityGroupRule.IPv4, null, caller, now), Rule(SecurityGroupRule.Egress, SecurityGroupRule.IPv6, null, caller, now)];

    static IReadOnlyList<SecurityGroupRule> MemberRules(Guid groupId, Caller caller, DateTimeOffset now) =>
        [Rule(SecurityGroupRule.Ingress, SecurityGroupRule.IPv4, groupId, caller, now), Rule(SecurityGroupRule.Ingress, SecurityGroupRule.IPv6, groupId, caller, now)];

    static SecurityGroupRule Rule(string direction, string ethertype, Guid? remoteGroup, Caller caller, DateTimeOffset now) =>
        new(caller.NewId(), direction, ethertype, null, null, null, null, remoteGroup, "", now);
}
