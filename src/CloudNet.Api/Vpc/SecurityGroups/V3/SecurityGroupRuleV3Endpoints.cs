using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Hosting;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.SecurityGroups.V3;

public sealed record SecurityGroupRuleV3Body(
    [property: JsonPropertyName("security_group_rule")] JsonElement? SecurityGroupRule,
    [property: JsonPropertyName("dry_run")] bool? DryRun);

/// <summary>
/// Huawei's v3 security group rules, <c>/v3/{project_id}/vpc/security-group-rules</c>: Neutron's rules (see
/// <see cref="HuaweiRuleRequest.V3"/> for what v3 adds), create (201), list (v3's filters: <c>id</c>, <c>security_group_id</c>,
/// <c>protocol</c>, <c>description</c>, <c>remote_group_id</c>, <c>remote_ip_prefix</c>, <c>priority</c>, <c>ethertype</c>, each
/// repeatable, <c>direction</c>, <c>action</c>, <c>enabled</c>; <c>limit</c>, <c>marker</c>, <c>page_info</c>), show, delete (204).
/// </summary>
public static class SecurityGroupRuleV3Endpoints
{
    static readonly string[] Repeatable = ["id", "security_group_id", "protocol", "description", "remote_group_id", "remote_ip_prefix", "priority", "ethertype",
        "direction", "action", "enabled", "multiport"];

    [WolverinePost("/v3/{projectId}/vpc/security-group-rules", OperationId = "CreateSecurityGroupRuleV3")]
    [Tags("VPC v3: security groups")]
    public static Task<IResult> Create(string projectId, SecurityGroupRuleV3Body? command, HttpContext context, Caller caller,
        IDocumentSession session, QuotaLimits limits, DateTimeOffset now, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV3Terms(async () =>
        {
            var request = HuaweiRuleRequest.V3(command?.SecurityGroupRule);
            if (command!.DryRun == true)
            {
                RuleValidation.Canonical(request);
                var group = await SecurityGroupLookup.VisibleAsync(session, request.SecurityGroupId.ToString(), caller, ct);
                if (SecurityGroupPolicy.Duplicate(group, request) is { } existing) throw SecurityGroupErrors.RuleExists(existing.Id);
                return SecurityGroupV3Endpoints.DryRun(context);
            }
            var (found, added) = await SecurityGroupRuleAddition.AddAsync(session, limits, request, caller, now,
                HuaweiSecurityGroupErrors.OverQuota(QuotaResources.SecurityGroupRule), ct);
            return Results.Json(new { request_id = context.RequestId(), security_group_rule = SecurityGroupV3Json.Rule(found, added.Rule) },
                statusCode: 201);
        });

    [WolverineGet("/v3/{projectId}/vpc/security-group-rules", OperationId = "ListSecurityGroupRulesV3")]
    [Tags("VPC v3: security groups")]
    public static Task<IResult> List(string projectId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV3Terms(async () =>
        {
            var query = context.Request.Query;
            var (limit, marker) = HuaweiPaging.Page(query["limit"], query["marker"], HuaweiSecurityGroupErrors.Invalid);
            var rules = (await HuaweiSecurityGroupLookup.RulesAsync(session, caller, ct))
                .Select(x => (x.Group, x.Rule, Json: SecurityGroupV3Json.Rule(x.Group, x.Rule)))
                .Where(x => Repeatable.All(f => HuaweiSecurityGroupRules.Passes(query[f], Text(x.Json[f]))))
                .ToList();
            var (page, more) = HuaweiPaging.PageOf(rules, x => x.Rule.Id, limit, marker);
            return Results.Json(new
            {
                request_id = context.RequestId(),
                security_group_rules = page.Select(x => x.Json),
                page_info = HuaweiPaging.PageInfo(page, x => x.Rule.Id, more),
            });
        });

    [WolverineGet("/v3/{projectId}/vpc/security-group-rules/{securityGroupRuleId}", OperationId = "ShowSecurityGroupRuleV3")]
    [Tags("VPC v3: security groups")]
    public static Task<IResult> Show(string projectId, string securityGroupRuleId, HttpContext context, Caller caller, IQuerySession session,
        CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV3Terms(async () =>
        {
            var (group, rule) = await SecurityGroupLookup.RuleAsync(session, securityGroupRuleId, caller, ct);
            return Results.Json(new { request_id = context.RequestId(), security_group_rule = SecurityGroupV3Json.Rule(group, rule) });
        });

    [WolverineDelete("/v3/{projectId}/vpc/security-group-rules/{securityGroupRuleId}", OperationId = "DeleteSecurityGroupRuleV3")]
    [Tags("VPC v3: security groups")]
    public static Task<IResult> Delete(string projectId, string securityGroupRuleId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV3Terms(async () =>
        {
            await SecurityGroupRuleRemoval.DeleteAsync(session, securityGroupRuleId, caller, now, ct);
            return Results.NoContent();
        });

    /// <summary>A shown value as a filter compares it: text as it is, ids and numbers as written, booleans in lower case.</summary>
    static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        _ => value.ToString(),
    };
}
