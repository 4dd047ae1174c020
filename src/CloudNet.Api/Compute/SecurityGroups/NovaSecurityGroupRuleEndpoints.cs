using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.SecurityGroups;

public sealed record NovaSecurityGroupRuleRequest([property: JsonPropertyName("security_group_rule")] JsonElement? SecurityGroupRule);

/// <summary>
/// nova's <c>/os-security-group-rules</c>: an ingress rule of the group <c>parent_group_id</c> names, from a CIDR
/// (<c>cidr</c>, anywhere by default, its family the rule's ethertype) or from the members of a group (<c>group_id</c>), for
/// <c>ip_protocol</c> and the ports <c>from_port</c> to <c>to_port</c> (-1 for ICMP's any); a Neutron rule, checked as Neutron
/// checks it. A delete is 202.
/// </summary>
public static class NovaSecurityGroupRuleEndpoints
{
    [WolverinePost("/os-security-group-rules", OperationId = "CreateNovaSecurityGroupRule")]
    [Tags("Compute: security groups")]
    public static async Task<IResult> Create(NovaSecurityGroupRuleRequest? command, Caller caller, IDocumentSession session, QuotaLimits limits,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NovaSecurityGroups.Body(command?.SecurityGroupRule, "security_group_rule");
        var parent = Uuid(body, "parent_group_id") ?? throw Rejection.BadRequest("Missing parameter parent_group_id");
        var remoteGroup = Uuid(body, "group_id");
        var cidr = remoteGroup is null ? NovaSecurityGroups.Text(body, "cidr") is { Length: > 0 } given ? given : "0.0.0.0/0" : null;
        var protocol = RuleValidation.Protocol(body.TryGetProperty("ip_protocol", out var p) ? p : null);
        var request = new RuleRequest(parent, SecurityGroupRule.Ingress, cidr?.Contains(':') == true ? SecurityGroupRule.IPv6 : SecurityGroupRule.IPv4,
            protocol, Port(body, "from_port"), Port(body, "to_port"), cidr, remoteGroup, "");

        var (group, added) = await NovaSecurityGroups.AsNova(parent.ToString(),
            () => SecurityGroupRuleAddition.AddAsync(session, limits, request, caller, now, NovaSecurityGroups.OverQuota(QuotaResources.SecurityGroupRule), ct));
        return Results.Json(new { security_group_rule = NovaSecurityGroupJson.Rule(group, added.Rule, await NovaSecurityGroups.ByIdAsync(session, caller, ct)) });
    }

    [WolverineDelete("/os-security-group-rules/{securityGroupRuleId}", OperationId = "DeleteNovaSecurityGroupRule")]
    [Tags("Compute: security groups")]
    public static async Task<IResult> Delete(string securityGroupRuleId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        await SecurityGroupRuleRemoval.DeleteAsync(session, securityGroupRuleId, caller, now, ct);
        return Results.StatusCode(202);
    }

    static Guid? Uuid(JsonElement body, string name) => body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
        ? value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id)
            ? id
            : throw Rejection.BadRequest($"Invalid input for field/attribute {name}: '{value}' is not a valid UUID.")
        : null;

    /// <summary>nova-network's ports: an integer (or its text), -1 for ICMP's any type or code, which Neutron leaves out.</summary>
    static int? Port(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port) || port < -1 || port > 65535)
            throw Rejection.BadRequest($"Invalid port range {text}.");
        return port == -1 ? null : port;
    }
}
