using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.ListingRules;

/// <summary><c>GET /v2.0/security-group-rules</c>: the rules of the caller's groups, as Neutron lists them (filters on any
/// attribute, <c>security_group_id</c> among them; sorting, paging, fields).</summary>
public static class ListSecurityGroupRulesEndpoint
{
    [WolverineGet("/v2.0/security-group-rules", OperationId = "ListSecurityGroupRules")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var groups = await session.Query<SecurityGroup>().Where(g => g.TenantId == tenant).ToListAsync(ct);
        return NeutronCollection.Respond(context, "security_group_rules", "security-group-rules",
            groups.SelectMany(g => g.Rules.Select(r => SecurityGroupJson.Rule(g, r))), "Security group rule", "SecurityGroupRuleNotFound");
    }
}
