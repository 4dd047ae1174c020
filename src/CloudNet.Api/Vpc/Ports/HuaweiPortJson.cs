using CloudNet.Networks.Ports;

namespace CloudNet.Vpc.Ports;

/// <summary>
/// A port in Huawei's v1 shape (the SDK's <c>Port</c> model): Neutron's port with Huawei's fields, <c>fixed_ips</c>' <c>subnet_id</c>
/// the IPv4 (Neutron) subnet, as Huawei's reference says ("the IPv4/IPv6 subnet ID, not the network ID"), and what Huawei adds:
/// <c>instance_id</c>/<c>instance_type</c> (the server of this service that holds the port), <c>zone_id</c>, <c>enable_efi</c>.
/// </summary>
public static class HuaweiPortJson
{
    static readonly string[] Fields =
    [
        "id", "name", "network_id", "admin_state_up", "mac_address", "fixed_ips", "device_id", "device_owner", "tenant_id", "status",
        "security_groups", "allowed_address_pairs", "binding:vnic_type", "dns_assignment", "dns_name", "binding:vif_details",
        "binding:profile", "port_security_enabled",
    ];

    public static Dictionary<string, object?> From(Port port, string? networkDnsDomain)
    {
        var neutron = PortJson.From(port, networkDnsDomain);
        var json = Fields.ToDictionary(f => f, f => neutron[f]);
        json["extra_dhcp_opts"] = port.Attributes.ExtraDhcpOptions.Select(o => new { opt_name = o.OptName, opt_value = o.OptValue }).ToList();
        json["instance_id"] = port.ServerId?.ToString() ?? "";
        json["instance_type"] = port.ServerId is null ? "" : "ECS";
        json["zone_id"] = "";
        json["enable_efi"] = false;
        return json;
    }
}
