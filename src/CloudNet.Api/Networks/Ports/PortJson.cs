using System.Text.Json.Nodes;

namespace CloudNet.Networks.Ports;

/// <summary>Neutron's <c>port</c>, every attribute its API reference shows, with the binding extension's as they are stored.</summary>
public static class PortJson
{
    /// <summary>Neutron's default <c>dns_domain</c>, used for a port's <c>dns_assignment</c> when its network has none.</summary>
    public const string DefaultDnsDomain = "openstacklocal.";

    /// <param name="networkDnsDomain">The <c>dns_domain</c> of the port's network, for <c>dns_assignment</c>'s FQDNs.</param>
    public static Dictionary<string, object?> From(Port port, string? networkDnsDomain)
    {
        var a = port.Attributes;
        return new()
        {
            ["id"] = port.Id,
            ["name"] = a.Name,
            ["description"] = a.Description,
            ["network_id"] = port.NetworkId,
            ["tenant_id"] = port.TenantId,
            ["project_id"] = port.TenantId,
            ["mac_address"] = port.MacAddress,
            ["admin_state_up"] = a.AdminStateUp,
            ["status"] = port.Status,
            ["device_id"] = a.DeviceId,
            ["device_owner"] = a.DeviceOwner,
            ["fixed_ips"] = port.FixedIps.Select(ip => new { subnet_id = ip.SubnetId, ip_address = ip.Address }).ToList(),
            ["allowed_address_pairs"] = a.AllowedAddressPairs.Select(p => new { ip_address = p.IpAddress, mac_address = p.MacAddress }).ToList(),
            ["extra_dhcp_opts"] = a.ExtraDhcpOptions.Select(o => new { opt_name = o.OptName, opt_value = o.OptValue, ip_version = o.IpVersion }).ToList(),
            ["security_groups"] = a.SecurityGroups,
            ["port_security_enabled"] = a.PortSecurityEnabled,
            ["dns_name"] = a.DnsName,
            ["dns_domain"] = "",
            ["dns_assignment"] = DnsAssignment(port, networkDnsDomain),
            ["binding:host_id"] = a.HostId,
            ["binding:vnic_type"] = a.VnicType,
            ["binding:profile"] = JsonNode.Parse(a.Profile),
            ["binding:vif_type"] = port.IsBound ? "ovs" : "unbound",
            ["binding:vif_details"] = port.IsBound ? new JsonObject { ["port_filter"] = true } : new JsonObject(),
            ["ip_allocation"] = "immediate",
            ["qos_policy_id"] = null,
            ["qos_network_policy_id"] = null,
            ["propagate_uplink_status"] = false,
            ["resource_request"] = null,
            ["tags"] = port.Tags,
            ["revision_number"] = port.Revision,
            ["created_at"] = NeutronJson.Timestamp(port.CreatedAt),
            ["updated_at"] = NeutronJson.Timestamp(port.UpdatedAt),
        };
    }

    /// <summary>Neutron's internal DNS names: the port's <c>dns_name</c>, or <c>host-10-0-0-5</c> from the address.</summary>
    static List<object> DnsAssignment(Port port, string? networkDnsDomain)
    {
        var domain = string.IsNullOrEmpty(networkDnsDomain) ? DefaultDnsDomain : networkDnsDomain.EndsWith('.') ? networkDnsDomain : networkDnsDomain + ".";
        return port.FixedIps.Select(ip =>
        {
            var hostname = port.Attributes.DnsName.Length > 0 ? port.Attributes.DnsName : "host-" + ip.Address.Replace('.', '-').Replace(':', '-');
            return (object)new { hostname, ip_address = ip.Address, fqdn = $"{hostname}.{domain}" };
        }).ToList();
    }
}
