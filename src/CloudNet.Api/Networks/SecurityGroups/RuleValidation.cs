using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CloudNet.Ipam;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>A security group rule as a create asks for it, before <see cref="RuleValidation.Canonical"/> checks it.</summary>
public sealed record RuleRequest(Guid SecurityGroupId, string Direction, string Ethertype, string? Protocol, int? PortRangeMin,
    int? PortRangeMax, string? RemoteIpPrefix, Guid? RemoteGroupId, string Description)
{
    /// <summary>Huawei v3's priority, kept on the rule (<see cref="SecurityGroupRule.Priority"/>); not part of what makes two rules the same.</summary>
    public int? Priority { get; init; }
}

/// <summary>
/// Neutron's validation of a security group rule as pure functions (neutron's <c>securitygroups_db</c>: the protocol by name or
/// number, a port range only for the protocols that have ports, ICMP types and codes, the ethertype of the remote prefix and
/// of IPv6-only protocols, one remote at most), its canonical form, and what makes two rules the same.
/// </summary>
public static class RuleValidation
{
    /// <summary>neutron-lib's <c>IP_PROTOCOL_MAP</c>: the protocol names a rule takes, and their numbers.</summary>
    static readonly Dictionary<string, int> Protocols = new()
    {
        ["ah"] = 51, ["dccp"] = 33, ["egp"] = 8, ["esp"] = 50, ["gre"] = 47, ["hopopt"] = 0, ["icmp"] = 1, ["igmp"] = 2, ["ip"] = 0,
        ["ipip"] = 4, ["ipv6-encap"] = 41, ["ipv6-frag"] = 44, ["ipv6-icmp"] = 58, ["icmpv6"] = 58, ["ipv6-nonxt"] = 59,
        ["ipv6-opts"] = 60, ["ipv6-route"] = 43, ["ospf"] = 89, ["pgm"] = 113, ["rsvp"] = 46, ["sctp"] = 132, ["tcp"] = 6, ["udp"] = 17,
        ["udplite"] = 136, ["vrrp"] = 112,
    };

    /// <summary>The protocols whose rules may name ports (neutron's <c>SG_PORT_PROTO_NAMES</c>).</summary>
    static readonly string[] PortProtocols = ["dccp", "sctp", "tcp", "udp", "udplite"];

    static readonly string[] Ipv6Only = ["ipv6-encap", "ipv6-frag", "ipv6-icmp", "icmpv6", "ipv6-nonxt", "ipv6-opts", "ipv6-route"];

    /// <summary>neutron's <c>convert_protocol</c>: null or <c>any</c> is every protocol (null); a known name in lower case; a
    /// number from 0 to 255 (as a number or as text) as its text.</summary>
    public static string? Protocol(JsonElement? value)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null) return null;
        var text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number => v.GetRawText(),
            _ => throw InvalidProtocol(v.GetRawText()),
        };
        if (text.Equals("any", StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return number <= 255 ? text : throw InvalidProtocol(text);
        return Protocols.ContainsKey(text.ToLowerInvariant()) ? text.ToLowerInvariant() : throw InvalidProtocol(text);
    }

    /// <summary>neutron's <c>convert_validate_port_value</c>: 0 to 65535, as a number or as text.</summary>
    public static int? Port(JsonElement? value)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null) return null;
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
        return v.ValueKind is JsonValueKind.Number or JsonValueKind.String
               && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw SecurityGroupErrors.Invalid("SecurityGroupInvalidPortValue", $"Invalid value for port {text}");
    }

    /// <summary>neutron's <c>convert_ethertype_to_case_insensitive</c>; IPv4 when absent.</summary>
    public static string Ethertype(string? value) => value switch
    {
        null => SecurityGroupRule.IPv4,
        _ when value.Equals(SecurityGroupRule.IPv4, StringComparison.OrdinalIgnoreCase) => SecurityGroupRule.IPv4,
        _ when value.Equals(SecurityGroupRule.IPv6, StringComparison.OrdinalIgnoreCase) => SecurityGroupRule.IPv6,
        _ => throw SecurityGroupErrors.Invalid("SecurityGroupRuleInvalidEtherType",
            $"Security group rule for ethertype '{value}' not supported. Allowed values are ['IPv4', 'IPv6']."),
    };

    public static string Direction(string? value) => value is SecurityGroupRule.Ingress or SecurityGroupRule.Egress
        ? value
        : throw NeutronBody.InvalidInput("direction", $"'{value}' is not in ['ingress', 'egress']");

    /// <summary>
    /// The rule as Neutron stores it, or its 400 (<c>_validate_base_security_group_rule_attributes</c>): IPv6 ICMP under its
    /// IPv6 name, a range of every port as no range, ports only for the protocols that have them (ICMP's type and code from 0
    /// to 255), the remote prefix with its length and of the rule's ethertype, IPv6-only protocols only with IPv6, one remote.
    /// </summary>
    public static RuleRequest Canonical(RuleRequest rule)
    {
        var protocol = rule.Protocol;
        if (rule.Ethertype == SecurityGroupRule.IPv6)
            protocol = protocol switch { "icmp" or "icmpv6" => "ipv6-icmp", "1" => "58", _ => protocol };
        var (min, max) = rule is { PortRangeMin: 1, PortRangeMax: 65535 } ? (null, null) : (rule.PortRangeMin, rule.PortRangeMax);
        var canonical = rule with { Protocol = protocol, PortRangeMin = min, PortRangeMax = max, RemoteIpPrefix = Prefix(rule.RemoteIpPrefix, rule.Ethertype) };
        PortRange(canonical);
        if (protocol is not null && (Ipv6Only.Contains(protocol) || protocol is "41" or "44" or "58" or "59" or "60" or "43")
            && rule.Ethertype == SecurityGroupRule.IPv4)
            throw SecurityGroupErrors.Invalid("SecurityGroupEthertypeConflictWithProtocol", $"Invalid ethertype {rule.Ethertype} for protocol {protocol}.");
        if (canonical.RemoteIpPrefix is not null && canonical.RemoteGroupId is not null)
            throw SecurityGroupErrors.Invalid("SecurityGroupMultipleRemoteEntites",
                "Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.");
        return canonical;
    }

    /// <summary>neutron's <c>_validate_port_range</c>.</summary>
    static void PortRange(RuleRequest rule)
    {
        if (rule.PortRangeMin is null && rule.PortRangeMax is null) return;
        if (rule.Protocol is not { } protocol)
            throw SecurityGroupErrors.Invalid("SecurityGroupProtocolRequiredWithPorts", "Must also specify protocol if port range is given.");
        var number = Number(protocol);
        if (PortProtocols.Any(p => Protocols[p] == number))
        {
            if (rule.PortRangeMin == 0 || rule.PortRangeMax == 0)
                throw SecurityGroupErrors.Invalid("SecurityGroupInvalidPortValue", "Invalid value for port 0");
            if (rule.PortRangeMin is not { } min || rule.PortRangeMax is not { } max || min > max)
                throw SecurityGroupErrors.Invalid("SecurityGroupInvalidPortRange", "For TCP/UDP protocols, port_range_min must be <= port_range_max");
        }
        else if (number is 1 or 58)
        {
            foreach (var (value, attribute, field) in new[] { (rule.PortRangeMin, "port_range_min", "type"), (rule.PortRangeMax, "port_range_max", "code") })
                if (value is > 255)
                    throw SecurityGroupErrors.Invalid("SecurityGroupInvalidIcmpValue",
                        $"Invalid value for ICMP {field} ({attribute}) {value}. It must be 0 to 255.");
            if (rule.PortRangeMin is null && rule.PortRangeMax is { } code)
                throw SecurityGroupErrors.Invalid("SecurityGroupMissingIcmpType",
                    $"ICMP code (port-range-max) {code} is provided but ICMP type (port-range-min) is missing.");
        }
        else
            throw SecurityGroupErrors.Invalid("SecurityGroupInvalidProtocolForPort",
                $"Ports cannot be specified for protocol {number}. Ports are only supported for {string.Join(", ", PortProtocols.Select(p => p.ToUpperInvariant()))}.");
    }

    /// <summary>neutron's <c>convert_ip_prefix_to_cidr</c> and <c>_validate_ip_prefix</c>: an address or CIDR, kept as written
    /// with its prefix length (an address alone is a host), of the rule's ethertype.</summary>
    static string? Prefix(string? prefix, string ethertype)
    {
        if (string.IsNullOrEmpty(prefix)) return null;
        var slash = prefix.IndexOf('/');
        var text = slash < 0 ? prefix : prefix[..slash];
        if (!IpText.TryParseAddress(text, out var address)) throw InvalidCidr(prefix);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = bits;
        if (slash >= 0 && (!int.TryParse(prefix[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > bits))
            throw InvalidCidr(prefix);
        if (ethertype != (bits == 32 ? SecurityGroupRule.IPv4 : SecurityGroupRule.IPv6))
            throw SecurityGroupErrors.Invalid("SecurityGroupRuleParameterConflict", $"Conflicting value ethertype {ethertype} for CIDR {prefix}");
        return $"{address}/{length}";
    }

    /// <summary>The network of a remote prefix (Neutron's <c>normalized_cidr</c>): <c>10.0.0.5/24</c> is <c>10.0.0.0/24</c>.</summary>
    public static string? NormalizedCidr(string? prefix)
    {
        if (prefix is null) return null;
        var slash = prefix.IndexOf('/');
        var address = IPAddress.Parse(prefix[..slash]);
        var length = int.Parse(prefix[(slash + 1)..], CultureInfo.InvariantCulture);
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++) bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return $"{new IPAddress(bytes)}/{length}";
    }

    /// <summary>neutron's <c>_rule_to_key</c>: what two rules must share to be the same rule (a protocol by name or by number,
    /// and any remote prefix or none, alike).</summary>
    public static string Key(Guid securityGroupId, string direction, string ethertype, string? protocol, int? min, int? max, string? remoteIpPrefix,
        Guid? remoteGroupId)
    {
        var prefix = remoteIpPrefix is null or "0.0.0.0/0" or "::/0" ? "+" : NormalizedCidr(remoteIpPrefix);
        var proto = protocol is null ? "+" : Number(protocol).ToString(CultureInfo.InvariantCulture);
        return string.Join('_', direction, ethertype, max?.ToString(CultureInfo.InvariantCulture) ?? "+", min?.ToString(CultureInfo.InvariantCulture) ?? "+",
            proto, remoteGroupId?.ToString() ?? "+", prefix, securityGroupId);
    }

    public static string Key(RuleRequest r) =>
        Key(r.SecurityGroupId, r.Direction, r.Ethertype, r.Protocol, r.PortRangeMin, r.PortRangeMax, r.RemoteIpPrefix, r.RemoteGroupId);

    public static string Key(Guid securityGroupId, SecurityGroupRule r) =>
        Key(securityGroupId, r.Direction, r.Ethertype, r.Protocol, r.PortRangeMin, r.PortRangeMax, r.RemoteIpPrefix, r.RemoteGroupId);

    static int Number(string protocol) =>
        int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : Protocols[protocol];

    static Errors.Rejection InvalidCidr(string prefix) => SecurityGroupErrors.Invalid("InvalidCIDR", $"Invalid CIDR {prefix} given as IP prefix.");

    static Errors.Rejection InvalidProtocol(string protocol) => SecurityGroupErrors.Invalid("SecurityGroupRuleInvalidProtocol",
        $"Security group rule protocol {protocol} not supported. Only protocol values " +
        $"(None, 'any', {string.Join(", ", Protocols.Keys.Order(StringComparer.Ordinal).Select(p => $"'{p}'"))}) and integer representations " +
        "[0 to 255] are supported.");
}
