namespace CloudNet.Networks;

/// <summary>Neutron's representations of networks and subnets (<c>/v2.0</c>), every attribute its API reference shows.</summary>
public static class NeutronJson
{
    /// <summary>The one availability zone networks are in (nova's default zone name).</summary>
    public const string AvailabilityZone = "nova";

    public static Dictionary<string, object?> Network(Network network)
    {
        var a = network.Attributes;
        return new()
        {
            ["id"] = network.NetworkId,
            ["name"] = network.Label,
            ["description"] = a.Description,
            ["status"] = "ACTIVE",
            ["admin_state_up"] = a.AdminStateUp,
            ["shared"] = network.IsShared,
            ["tenant_id"] = network.TenantId ?? "",
            ["project_id"] = network.TenantId ?? "",
            ["subnets"] = network.Subnets.Select(s => s.Id).ToList(),
            ["router:external"] = a.External,
            ["mtu"] = a.Mtu,
            ["port_security_enabled"] = a.PortSecurityEnabled,
            ["dns_domain"] = a.DnsDomain ?? "",
            ["availability_zone_hints"] = a.AvailabilityZoneHints,
            ["availability_zones"] = new[] { AvailabilityZone },
            ["ipv4_address_scope"] = null,
            ["ipv6_address_scope"] = null,
            ["l2_adjacency"] = true,
            ["qos_policy_id"] = null,
            ["is_default"] = false,
            ["tags"] = network.Tags,
            ["revision_number"] = network.Revision,
            ["created_at"] = Timestamp(network.CreatedAt),
            ["updated_at"] = Timestamp(network.UpdatedAt),
        };
    }

    public static Dictionary<string, object?> Subnet(Network network, Subnet subnet) => new()
    {
        ["id"] = subnet.Id,
        ["name"] = subnet.Name,
        ["description"] = subnet.Description,
        ["network_id"] = network.NetworkId,
        ["tenant_id"] = network.TenantId ?? "",
        ["project_id"] = network.TenantId ?? "",
        ["ip_version"] = subnet.Version,
        ["cidr"] = subnet.Cidr,
        ["gateway_ip"] = subnet.Gateway,
        ["allocation_pools"] = SubnetRules.AllocationPools(subnet).Select(p => new { start = p.Start, end = p.End }).ToList(),
        ["enable_dhcp"] = subnet.EnableDhcp,
        ["dns_nameservers"] = subnet.DnsNameservers,
        ["dns_publish_fixed_ip"] = false,
        ["host_routes"] = subnet.HostRoutes.Select(r => new { destination = r.Destination, nexthop = r.Nexthop }).ToList(),
        ["ipv6_address_mode"] = subnet.Ipv6AddressMode,
        ["ipv6_ra_mode"] = subnet.Ipv6RaMode,
        ["service_types"] = subnet.ServiceTypes,
        ["subnetpool_id"] = null,
        ["segment_id"] = null,
        ["router:external"] = network.Attributes.External,
        ["tags"] = subnet.Tags,
        ["revision_number"] = subnet.Revision,
        ["created_at"] = Timestamp(subnet.CreatedAt),
        ["updated_at"] = Timestamp(subnet.UpdatedAt),
    };

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
}
