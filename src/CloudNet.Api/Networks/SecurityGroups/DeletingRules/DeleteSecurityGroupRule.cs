using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.DeletingRules;

/// <summary><c>DELETE /v2.0/security-group-rules/{id}</c>: 204, an event in its group's stream; 404 <c>SecurityGroupRuleNotFound</c>.</summary>
public static class DeleteSecurityGroupRuleEndpoint
{
    [WolverineDelete("/v2.0/security-group-rules/{securityGroupRuleId}", OperationId = "DeleteSecurityGroupRule")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Delete(string securityGroupRuleId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        await DeleteAsync(session, securityGroupRuleId, caller, now, ct);
        return Results.NoContent();
    }

    /// <summary>The delete itself, which nova's <c>/os-security-group-rules</c> shares.</summary>
    public static async Task DeleteAsync(IDocumentSession session, string ruleId, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var (found, rule) = await SecurityGroupLookup.RuleAsync(session, ruleId, caller, ct);
        var (group, stream) = await SecurityGroupLookup.ForWritingAsync(session, found.Id.ToString(), caller, ct);
        if (group.Rules.All(r => r.Id != rule.Id)) throw SecurityGroupErrors.RuleNotFound(ruleId);
        stream.AppendOne(new SecurityGroupRuleRemoved(group.Id, rule.Id, caller.UserName, now));
    }
}
