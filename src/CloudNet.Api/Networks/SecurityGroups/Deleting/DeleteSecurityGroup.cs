using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.Deleting;

/// <summary>
/// <c>DELETE /v2.0/security-groups/{id}</c>: 204, its rules with it, and (Neutron's cascade) the rules of the project's other
/// groups that name it as their <c>remote_group_id</c>. 409 <c>SecurityGroupInUse</c> while a port uses it, 409
/// <c>SecurityGroupCannotRemoveDefault</c> for the project's default group.
/// </summary>
public static class DeleteSecurityGroupEndpoint
{
    [WolverineDelete("/v2.0/security-groups/{securityGroupId}", OperationId = "DeleteSecurityGroup")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Delete(string securityGroupId, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        await DeleteAsync(session, securityGroupId, caller, now, ct);
        return Results.NoContent();
    }

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
