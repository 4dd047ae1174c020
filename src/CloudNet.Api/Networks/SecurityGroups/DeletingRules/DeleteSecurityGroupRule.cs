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
        await SecurityGroupRuleRemoval.DeleteAsync(session, securityGroupRuleId, caller, now, ct);
        return Results.NoContent();
    }
}
