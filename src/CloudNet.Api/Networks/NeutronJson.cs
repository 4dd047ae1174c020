namespace CloudNet.Networks;

/// <summary>Neutron's representations of networks and subnets (<c>/v2.0</c>).</summary>
public static class NeutronJson
{
    public static Dictionary<string, object?> Network(Network network) => new()
    {
        ["id"] = network.NetworkId,
        ["name"] = network.Label,
        ["status"] = "ACTIVE",
        ["admin_state_up"] = true,
        ["shared"] = network.IsShared,
        ["tenant_id"] = network.TenantId ?? "",
        ["project_id"] = network.TenantId ?? "",
        ["subnets"] = network.Subnets.Select(s => s.Id).ToList(),
        ["router:external"] = false,
        ["mtu"] = 1500,
        ["description"] = "",
        ["created_at"] = Timestamp(network.CreatedAt),
        ["updated_at"] = Timestamp(network.UpdatedAt),
    };

    public static Dictionary<string, object?> Subnet(Network network, Subnet subnet) => new()
    {
        ["id"] = subnet.Id,
        ["name"] = subnet.Name,
        ["network_id"] = network.NetworkId,
        ["tenant_id"] = network.TenantId ?? "",
        ["project_id"] = network.TenantId ?? "",
        ["ip_version"] = subnet.Version,
        ["cidr"] = subnet.Cidr,
        ["gateway_ip"] = subnet.Gateway,
        ["allocation_pools"] = NetworkRules.AllocationPools(subnet).Select(p => new { start = p.Start, end = p.End }).ToList(),
        ["enable_dhcp"] = false,
        ["dns_nameservers"] = Array.Empty<string>(),
        ["host_routes"] = Array.Empty<object>(),
        ["ipv6_address_mode"] = null,
        ["ipv6_ra_mode"] = null,
        ["description"] = "",
        ["created_at"] = Timestamp(subnet.CreatedAt),
        ["updated_at"] = Timestamp(subnet.CreatedAt),
    };

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
}
