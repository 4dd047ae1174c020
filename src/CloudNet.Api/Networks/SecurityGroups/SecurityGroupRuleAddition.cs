using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>Adding a rule to a security group, whichever API asks (Neutron, nova, Huawei v1 and v3), counted against the rule quota.</summary>
public static class SecurityGroupRuleAddition
{
    /// <summary>The rule added to its group, which nova's <c>/os-security-group-rules</c> shares: the remote group's lock is
    /// shared until commit, so that it cannot go before the rule naming it is seen by its delete.</summary>
    /// <param name="overQuota">The family's refusal for a rule over the quota.</param>
    public static async Task<(SecurityGroup Group, SecurityGroupRuleAdded Rule)> AddAsync(IDocumentSession session, QuotaLimits limits,
        RuleRequest request, Caller caller, DateTimeOffset now, Errors.Rejection overQuota, CancellationToken ct)
    {
        RuleValidation.Canonical(request);
        if (request.RemoteGroupId is { } remote && remote != request.SecurityGroupId)
            await PortSecurityGroups.EnsureUsableAsync(session, [remote.ToString()], caller, ct);
        var (group, stream) = await SecurityGroupLookup.ForWritingAsync(session, request.SecurityGroupId.ToString(), caller, ct);
        var added = SecurityGroupPolicy.AddRule(group, caller.NewId(), request, caller, now);
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.SecurityGroupRule, [added.Rule.Id], overQuota);
        stream.AppendOne(added);
        return (group, added);
    }
}
