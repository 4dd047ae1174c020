using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>Making a security group, whichever API asks (Neutron's <c>/v2.0/security-groups</c>, nova's <c>/os-security-groups</c>, Huawei's v1 and v3): one decision, three views.</summary>
public static class SecurityGroupCreation
{
    /// <summary>The create itself, which nova's <c>/os-security-groups</c> and Huawei's routes share: the project's default group
    /// first, then the new group (as <see cref="SecurityGroupPolicy.Create"/> made it), counted against the group quota and its
    /// rules against the rule quota, as in Neutron.</summary>
    /// <param name="overQuota">The family's refusal for a resource over its quota.</param>
    public static async Task CreateAsync(IDocumentSession session, QuotaLimits limits, SecurityGroupCreated created,
        Caller caller, DateTimeOffset now, Func<string, Errors.Rejection> overQuota, CancellationToken ct)
    {
        await DefaultSecurityGroup.EnsureAsync(session, caller, now, ct);
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.SecurityGroup, [created.SecurityGroupId], overQuota(QuotaResources.SecurityGroup));
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.SecurityGroupRule, created.Rules.Select(r => r.Id), overQuota(QuotaResources.SecurityGroupRule));
        session.Events.StartStream<SecurityGroup>(created.SecurityGroupId, created);
    }
}
