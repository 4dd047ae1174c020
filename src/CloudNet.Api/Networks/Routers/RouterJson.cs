namespace CloudNet.Networks.Routers;

/// <summary>Neutron's representations of a router and of an interface operation's answer.</summary>
public static class RouterJson
{
    public static Dictionary<string, object?> From(Router router)
    {
        var a = router.Attributes;
        return new()
        {
            ["id"] = router.Id,
            ["name"] = a.Name,
            ["description"] = a.Description,
            ["admin_state_up"] = a.AdminStateUp,
            ["status"] = Router.Active,
            ["tenant_id"] = router.TenantId,
            ["project_id"] = router.TenantId,
            ["external_gateway_info"] = Gateway(router.Gateway),
            ["routes"] = a.Routes.Select(r => new { destination = r.Destination, nexthop = r.Nexthop }).ToList(),
            ["distributed"] = false,
            ["ha"] = false,
            ["availability_zone_hints"] = router.AvailabilityZoneHints,
            ["availability_zones"] = new[] { NeutronJson.AvailabilityZone },
            ["flavor_id"] = null,
            ["service_type_id"] = null,
            ["conntrack_helpers"] = Array.Empty<object>(),
            ["tags"] = router.Tags,
            ["revision_number"] = router.Revision,
            ["created_at"] = NeutronJson.Timestamp(router.CreatedAt),
            ["updated_at"] = NeutronJson.Timestamp(router.UpdatedAt),
        };
    }

    static object? Gateway(RouterGateway? gateway) => gateway is null
        ? null
        : new Dictionary<string, object?>
        {
            ["network_id"] = gateway.NetworkId,
            ["enable_snat"] = gateway.EnableSnat,
            ["external_fixed_ips"] = gateway.ExternalFixedIps.Select(f => new { subnet_id = f.SubnetId, ip_address = f.Address }).ToList(),
        };

    /// <summary>The answer of <c>add_router_interface</c> and <c>remove_router_interface</c>.</summary>
    public static Dictionary<string, object?> Interface(Router router, RouterInterface plugged) => new()
    {
        ["id"] = router.Id,
        ["tenant_id"] = router.TenantId,
        ["project_id"] = router.TenantId,
        ["port_id"] = plugged.PortId,
        ["network_id"] = plugged.NetworkId,
        ["subnet_id"] = plugged.FixedIps.Count > 0 ? plugged.FixedIps[^1].SubnetId : null,
        ["subnet_ids"] = plugged.FixedIps.Select(f => f.SubnetId).ToList(),
        ["tags"] = router.Tags,
    };
}
