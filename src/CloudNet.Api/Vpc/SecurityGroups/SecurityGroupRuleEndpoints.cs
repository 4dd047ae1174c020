using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.SecurityGroups;

public sealed record HuaweiSecurityGroupRuleBody([property: JsonPropertyName("security_group_rule")] JsonElement? SecurityGroupRule);

/// <summary>
/// Huawei's v1 security group rules, <c>/v1/{project_id}/security-group-rules</c>: Neutron's rules of Neutron's groups (an event in
/// the group's stream each), checked as Neutron checks them. Create (200; a rule the group has already is 409 <c>VPC.0602</c>; the
/// rule quota decided in the commit's batch), list (<c>security_group_id</c>, <c>remote_ip_prefix</c>, <c>limit</c>, <c>marker</c>,
/// in id order), show, delete (204).
/// </summary>
public static class SecurityGroupRuleEndpoints
{
    [WolverinePost("/v1/{projectId}/security-group-rules", OperationId = "CreateHuaweiSecurityGroupRule")]
    [Tags("VPC: security groups")]
    public static Task<IResult> Create(string projectId, HuaweiSecurityGroupRuleBody? command, Caller caller, IDocumentSession session,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV1Terms(async () =>
        {
            var request = HuaweiRuleRequest.V1(command?.SecurityGroupRule);
            var (group, added) = await SecurityGroupRuleAddition.AddAsync(session, limits, request, caller, now,
                HuaweiSecurityGroupErrors.OverQuota(QuotaResources.SecurityGroupRule), ct);
            return Results.Json(new { security_group_rule = HuaweiSecurityGroupJson.Rule(group, added.Rule) });
        });

    [WolverineGet("/v1/{projectId}/security-group-rules", OperationId = "ListHuaweiSecurityGroupRules")]
    [Tags("VPC: security groups")]
    public static Task<IResult> List(string projectId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV1Terms(async () =>
        {
            var query = context.Request.Query;
            var (limit, marker) = HuaweiPaging.Page(query["limit"], query["marker"], HuaweiSecurityGroupErrors.Invalid);
            var rules = (await HuaweiSecurityGroupLookup.RulesAsync(session, caller, ct))
                .Where(x => HuaweiSecurityGroupRules.Passes(query["security_group_id"], x.Group.Id.ToString())
                    && HuaweiSecurityGroupRules.Passes(query["remote_ip_prefix"], x.Rule.RemoteIpPrefix))
                .ToList();
            var (page, _) = HuaweiPaging.PageOf(rules, x => x.Rule.Id, limit, marker);
            return Results.Json(new { security_group_rules = page.Select(x => HuaweiSecurityGroupJson.Rule(x.Group, x.Rule)) });
        });

    [WolverineGet("/v1/{projectId}/security-group-rules/{securityGroupRuleId}", OperationId = "ShowHuaweiSecurityGroupRule")]
    [Tags("VPC: security groups")]
    public static Task<IResult> Show(string projectId, string securityGroupRuleId, Caller caller, IQuerySession session, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV1Terms(async () =>
        {
            var (group, rule) = await SecurityGroupLookup.RuleAsync(session, securityGroupRuleId, caller, ct);
            return Results.Json(new { security_group_rule = HuaweiSecurityGroupJson.Rule(group, rule) });
        });

    [WolverineDelete("/v1/{projectId}/security-group-rules/{securityGroupRuleId}", OperationId = "DeleteHuaweiSecurityGroupRule")]
    [Tags("VPC: security groups")]
    public static Task<IResult> Delete(string projectId, string securityGroupRuleId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV1Terms(async () =>
        {
            await SecurityGroupRuleRemoval.DeleteAsync(session, securityGroupRuleId, caller, now, ct);
            return Results.NoContent();
        });
}
