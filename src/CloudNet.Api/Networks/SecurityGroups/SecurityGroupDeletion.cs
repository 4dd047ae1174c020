using CloudNet.Identity;
using Marten;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>Deleting a security group, whichever API asks (Neutron, nova, Huawei): the rules of other groups that name it go with it.</summary>
public static class SecurityGroupDeletion
{
    /// <summary>The delete itself, which nova's <c>/os-security-groups</c> shares.</summary>
    public static async Task DeleteAsync(IDocumentSession session, string securityGroupId, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var seen = await SecurityGroupLookup.VisibleAsync(session, securityGroupId, caller, ct);
        // Exclusive: the ports and rules being given the group meanwhile commit first, and are seen below.
        await SecurityGroupLocks.ExclusiveAsync(session, seen.Id, ct);
        var (group, stream) = await SecurityGroupLookup.ForWritingAsync(session, securityGroupId, caller, ct);
        var deleted = SecurityGroupPolicy.Delete(group, await SecurityGroupLookup.UsedByPortsAsync(session, group.Id, ct), caller, now);

        var tenant = group.TenantId;
        var id = group.Id;
        var naming = await session.Query<SecurityGroup>().Where(g => g.TenantId == tenant && g.Id != id && g.Rules.Any(r => r.RemoteGroupId == id))
            .ToListAsync(ct);
        foreach (var other in naming)
        {
            var otherStream = await session.Events.FetchForWriting<SecurityGroup>(other.Id, ct);
            foreach (var rule in (otherStream.Aggregate ?? other).Rules.Where(r => r.RemoteGroupId == id))
                otherStream.AppendOne(new SecurityGroupRuleRemoved(other.Id, rule.Id, caller.UserName, now));
        }
        stream.AppendOne(deleted);
    }
}
