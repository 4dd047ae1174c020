using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.ShowingRules;

/// <summary><c>GET /v2.0/security-group-rules/{id}</c>: 200, or 404 <c>SecurityGroupRuleNotFound</c> (another tenant's too).</summary>
public static class ShowSecurityGroupRuleEndpoint
{
    [WolverineGet("/v2.0/security-group-rules/{securityGroupRuleId}", OperationId = "ShowSecurityGroupRule")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Get(string securityGroupRuleId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var (group, rule) = await SecurityGroupLookup.RuleAsync(session, securityGroupRuleId, caller, ct);
        return NeutronCollection.Show(context, "security_group_rule", SecurityGroupJson.Rule(group, rule));
    }
}
