using System.Net;
using System.Text.Json;
using CloudNet.Ipam;

namespace CloudNet.Networks.Ports;

/// <summary>
/// What a port create or update asks for, as Neutron's API names it; null: not given (the default on create, unchanged on
/// update). <see cref="FixedIps"/> null: not given (on create, an address on each subnet); empty: no address.
/// </summary>
public sealed record PortChanges(
    string? Name = null,
    string? Description = null,
    bool? AdminStateUp = null,
    string? MacAddress = null,
    string? DeviceId = null,
    string? DeviceOwner = null,
    IReadOnlyList<AddressRequest>? FixedIps = null,
    IReadOnlyList<AllowedAddressPair>? AllowedAddressPairs = null,
    IReadOnlyList<string>? SecurityGroups = null,
    bool? PortSecurityEnabled = null,
    string? DnsName = null,
    string? HostId = null,
    string? VnicType = null,
    string? Profile = null,
    IReadOnlyList<ExtraDhcpOption>? ExtraDhcpOptions = null)
{
    /// <summary>The attributes of a <c>port</c> body that a create and an update share.</summary>
    public static readonly string[] Attributes =
    [
        "name", "description", "admin_state_up", "mac_address", "device_id", "device_owner", "fixed_ips", "allowed_address_pairs",
        "security_groups", "port_security_enabled", "dns_name", "binding:host_id", "binding:vnic_type", "binding:profile",
        "extra_dhcp_opts", "qos_policy_id", "propagate_uplink_status",
    ];

    public static PortChanges From(NeutronBody body)
    {
        if (body.Raw("qos_policy_id") is { ValueKind: not JsonValueKind.Null })
            throw NeutronBody.Bad(body.Resource, "'qos_policy_id' is not supported by this service");
        if (body.Bool("propagate_uplink_status") == true)
            throw NeutronBody.Bad(body.Resource, "'propagate_uplink_status' is not supported by this service");
        return new(
            body.Name(),
            body.Description(),
            body.Bool("admin_state_up"),
            body.Text("mac_address"),
            body.Has("device_id") ? body.Text("device_id", 255) ?? "" : null,
            body.Has("device_owner") ? body.Text("device_owner", 255) ?? "" : null,
            body.Objects("fixed_ips")?.Select(FixedIp).ToList(),
            body.Objects("allowed_address_pairs")?.Select(Pair).ToList(),
            body.Strings("security_groups"),
            body.Bool("port_security_enabled"),
            body.Has("dns_name") ? body.Text("dns_name", 255) ?? "" : null,
            body.Has("binding:host_id") ? body.Text("binding:host_id", 255) ?? "" : null,
            body.Text("binding:vnic_type"),
            BindingProfile(body),
            body.Objects("extra_dhcp_opts")?.Select(Option).ToList());
    }

    static AddressRequest FixedIp(JsonElement item)
    {
        Guid? subnetId = null;
        IPAddress? address = null;
        foreach (var member in item.EnumerateObject())
        {
            var text = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : null;
            switch (member.Name)
            {
                case "subnet_id":
                    subnetId = Guid.TryParse(text, out var id) ? id : throw NeutronBody.InvalidInput("fixed_ips", $"'{member.Value}' is not a valid UUID");
                    break;
                case "ip_address":
                    address = IpText.TryParseAddress(text, out var parsed) ? parsed : throw NeutronBody.InvalidInput("fixed_ips", $"'{member.Value}' is not a valid IP address");
                    break;
                default:
                    throw NeutronBody.InvalidInput("fixed_ips", $"Invalid data format for fixed IP: '{member.Name}' is not one of subnet_id, ip_address");
            }
        }
        return subnetId is null && address is null
            ? throw NeutronBody.InvalidInput("fixed_ips", "Exactly one of subnet_id or ip_address, or both, must be given for each fixed IP")
            : new AddressRequest(subnetId, address);
    }

    static AllowedAddressPair Pair(JsonElement item)
    {
        var ip = item.TryGetProperty("ip_address", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        var mac = item.TryGetProperty("mac_address", out var macValue) && macValue.ValueKind == JsonValueKind.String ? macValue.GetString() : null;
        return ip is null ? throw Errors.Rejection.BadRequest("AllowedAddressPair must contain ip_address", "AllowedAddressPairsMissingIP") : new(ip, mac ?? "");
    }

    static ExtraDhcpOption Option(JsonElement item)
    {
        string Text(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw NeutronBody.InvalidInput("extra_dhcp_opts", $"each option needs a string '{name}'");
        var version = item.TryGetProperty("ip_version", out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n is 4 or 6 ? n
                : v.ValueKind == JsonValueKind.String && v.GetString() is "4" or "6" ? int.Parse(v.GetString()!)
                : throw NeutronBody.InvalidInput("extra_dhcp_opts", $"'{v}' is not in [4, 6]")
            : 4;
        return new ExtraDhcpOption(Text("opt_name"), Text("opt_value"), version);
    }

    static string? BindingProfile(NeutronBody body) => body.Raw("binding:profile") switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => "{}",
        { ValueKind: JsonValueKind.Object } profile => profile.GetRawText(),
        var other => throw NeutronBody.InvalidInput("binding:profile", $"'{other.Value.GetRawText()}' is not a dictionary"),
    };
}
