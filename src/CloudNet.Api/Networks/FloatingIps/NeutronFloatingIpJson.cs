using CloudNet.Compute.FloatingIps.Pools;

namespace CloudNet.Networks.FloatingIps;

/// <summary>Neutron's <c>floatingip</c> body, with the port the fixed IP is on (<see cref="PortAssociation.PortOf"/>).</summary>
public static class NeutronFloatingIpJson
{
    public const string Active = "ACTIVE";
    public const string Down = "DOWN";

    public static string StatusOf(NeutronFloatingIp ip) => ip.FixedIp is null ? Down : Active;

    public static Dictionary<string, object?> From(NeutronFloatingIp ip, Guid? portId) => new()
    {
        ["id"] = ip.Id,
        ["floating_ip_address"] = ip.Address,
        ["floating_network_id"] = FloatingIpPool.NetworkIdOf(ip.Pool),
        ["port_id"] = portId,
        ["fixed_ip_address"] = ip.FixedIp,
        ["router_id"] = ip.RouterId,
        ["status"] = StatusOf(ip),
        ["tenant_id"] = ip.TenantId,
        ["project_id"] = ip.TenantId,
        ["description"] = ip.Description,
        ["created_at"] = NeutronJson.Timestamp(ip.CreatedAt),
        ["updated_at"] = NeutronJson.Timestamp(ip.UpdatedAt),
        ["revision_number"] = ip.Version,
        ["tags"] = ip.Tags,
    };
}
