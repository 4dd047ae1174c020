using System.Globalization;
using System.Text.Json;
using CloudNet.Networks;
using CloudNet.Networks.SecurityGroups;

namespace CloudNet.Vpc.SecurityGroups;

/// <summary>
/// A rule body of v1 or v3 read into Neutron's <see cref="RuleRequest"/>, which <see cref="RuleValidation"/> then checks as it
/// checks Neutron's. v1's fields are Neutron's. v3 names its ports <c>multiport</c> (one port or one range here: a list of
/// several would be several Neutron rules under one id), and adds <c>action</c>, <c>priority</c> and <c>enabled</c>: a rule that
/// denies or is disabled is refused, since Neutron's rules, which every view shares, only allow.
/// </summary>
public static class HuaweiRuleRequest
{
    public const string Resource = "security_group_rule";

    static readonly string[] Common =
    [
        "security_group_id", "description", "direction", "ethertype", "protocol", "remote_ip_prefix", "remote_group_id", "remote_address_group_id",
    ];

    public static readonly string[] V1Fields = [.. Common, "port_range_min", "port_range_max"];

    public static readonly string[] V3Fields = [.. Common, "multiport", "action", "priority", "enabled"];

    public static RuleRequest V1(JsonElement? rule)
    {
        var body = NeutronBody.Of(Resource, rule, V1Fields);
        return Read(body, RuleValidation.Port(body.Raw("port_range_min")), RuleValidation.Port(body.Raw("port_range_max")));
    }

    public static RuleRequest V3(JsonElement? rule)
    {
        var body = NeutronBody.Of(Resource, rule, V3Fields);
        if (body.Text("action") is { } action && action != "allow")
            throw HuaweiSecurityGroupErrors.Invalid($"action '{action}' is not supported: this service's rules only allow.");
        if (body.Bool("enabled") == false) throw HuaweiSecurityGroupErrors.Invalid("enabled false is not supported: every rule here is enabled.");
        var (min, max) = Multiport(body.Text("multiport"));
        return Read(body, min, max) with { Priority = Priority(body.Raw("priority")) };
    }

    /// <summary>v3's <c>multiport</c>: <c>80</c> or <c>22-30</c> (0 to 65535); none is every port.</summary>
    public static (int? Min, int? Max) Multiport(string? multiport)
    {
        if (string.IsNullOrEmpty(multiport)) return (null, null);
        if (multiport.Contains(','))
            throw HuaweiSecurityGroupErrors.Invalid($"multiport '{multiport}' is not supported: give one port or one range (a rule for each).");
        var parts = multiport.Split('-');
        var ports = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : -1).ToList();
        if (parts.Length > 2 || ports.Contains(-1)) throw HuaweiSecurityGroupErrors.Invalid($"multiport '{multiport}' is invalid: a port is 0 to 65535.");
        return (ports[0], ports[^1]);
    }

    /// <summary>v3's <c>priority</c>, 1 to 100, as a number or as text (the SDK sends text); 1 when absent, as v3's default.</summary>
    public static int Priority(JsonElement? value)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null) return 1;
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
        return v.ValueKind is JsonValueKind.Number or JsonValueKind.String
               && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var priority) && priority is >= 1 and <= 100
            ? priority
            : throw HuaweiSecurityGroupErrors.Invalid($"priority '{text}' is invalid: it is 1 to 100.");
    }

    static RuleRequest Read(NeutronBody body, int? min, int? max)
    {
        // Huawei's clients may send an empty string for a remote they do not use.
        if (body.Raw("remote_address_group_id") is { ValueKind: not JsonValueKind.Null } addressGroup && addressGroup.ToString().Length > 0)
            throw HuaweiSecurityGroupErrors.Invalid("remote_address_group_id is not supported: this service has no IP address groups.");
        var groupId = body.Has("security_group_id")
            ? body.Uuid("security_group_id") ?? throw HuaweiSecurityGroupErrors.Invalid("security_group_id is required.")
            : throw HuaweiSecurityGroupErrors.Invalid("security_group_id is required.");
        var direction = body.Has("direction")
            ? RuleValidation.Direction(body.Text("direction"))
            : throw HuaweiSecurityGroupErrors.Invalid("direction is required: ingress or egress.");
        return new RuleRequest(groupId, direction, RuleValidation.Ethertype(body.Text("ethertype")), RuleValidation.Protocol(body.Raw("protocol")),
            min, max, body.Text("remote_ip_prefix"), body.Text("remote_group_id") is { Length: > 0 } ? body.Uuid("remote_group_id") : null,
            body.Description() ?? "");
    }
}
