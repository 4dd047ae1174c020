using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.CreatingRules;

public sealed record CreateSecurityGroupRule([property: JsonPropertyName("security_group_rule")] JsonElement? SecurityGroupRule);

/// <summary>
/// <c>POST /v2.0/security-group-rules</c>: 201 and the rule, an event in its group's stream. Checked as Neutron checks it (see
/// <see cref="RuleValidation"/>), the group and any <c>remote_group_id</c> the caller's (404), not a rule the group has already
/// (409 <c>SecurityGroupRuleExists</c>). The rule quota is decided in the commit's batch.
/// </summary>
public static class CreateSecurityGroupRuleEndpoint
{
    static readonly string[] Accepted =
    [
        "security_group_id", "direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id",
        "remote_address_group_id", "description", "tenant_id", "project_id",
    ];

    [WolverinePost("/v2.0/security-group-rules", OperationId = "CreateSecurityGroupRule")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Post(CreateSecurityGroupRule? command, Caller caller, IDocumentSession session, QuotaLimits limits,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NeutronBody.Of("security_group_rule", command?.SecurityGroupRule, Accepted);
        NeutronOwnership.EnsureCallersOwn(body, caller);
        if (body.Raw("remote_address_group_id") is { ValueKind: not JsonValueKind.Null })
            throw NeutronBody.Bad("security_group_rule", "'remote_address_group_id' is not supported by this service: address groups are not");
        var groupId = body.Uuid("security_group_id")
            ?? throw NeutronBody.Bad("security_group_rule", "Failed to parse request. Required attribute 'security_group_id' not specified");
        var direction = body.Has("direction")
            ? RuleValidation.Direction(body.Text("direction"))
            : throw NeutronBody.Bad("security_group_rule", "Failed to parse request. Required attribute 'direction' not specified");
        var request = new RuleRequest(groupId, direction, RuleValidation.Ethertype(body.Text("ethertype")), RuleValidation.Protocol(body.Raw("protocol")),
            RuleValidation.Port(body.Raw("port_range_min")), RuleValidation.Port(body.Raw("port_range_max")), body.Text("remote_ip_prefix"),
            body.Uuid("remote_group_id"), body.Description() ?? "");

        var (group, rule) = await SecurityGroupRuleAddition.AddAsync(session, limits, request, caller, now, NeutronQuotaErrors.OverQuota(QuotaResources.SecurityGroupRule),
            ct);
        return Results.Json(new { security_group_rule = SecurityGroupJson.Rule(group, rule.Rule) }, statusCode: 201);
    }
}
