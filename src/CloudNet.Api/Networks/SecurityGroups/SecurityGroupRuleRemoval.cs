using CloudNet.Identity;
using Marten;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>Removing a rule from a security group, whichever API asks (Neutron, nova, Huawei v1 and v3).</summary>
public static class SecurityGroupRuleRemoval
{
    /// <summary>The delete itself, which nova's <c>/os-security-group-rules</c> shares.</summary>
    public static async Task DeleteAsync(IDocumentSession session, string ruleId, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var (found, rule) = await SecurityGroupLookup.RuleAsync(session, ruleId, caller, ct);
        var (group, stream) = await SecurityGroupLookup.ForWritingAsync(session, found.Id.ToString(), caller, ct);
        if (group.Rules.All(r => r.Id != rule.Id)) throw SecurityGroupErrors.RuleNotFound(ruleId);
        stream.AppendOne(new SecurityGroupRuleRemoved(group.Id, rule.Id, caller.UserName, now));
    }
}
