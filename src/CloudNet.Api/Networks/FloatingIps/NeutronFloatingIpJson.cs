using CloudNet.Compute.FloatingIps.Pools;

namespace CloudNet.Networks.FloatingIps;

/// <summary>Neutron's <c>floatingip</c> body, with the port the fixed IP is on (<see cref="PortAssociation.PortOf"/>): ACTIVE while
/// associated, DOWN while not, or while its port waits for ACTIVE under a lifecycle rule (<c>portDown</c>).</summary>
public static class NeutronFloatingIpJson
{
    public const string Active = "ACTIVE";
    public const string Down = "DOWN";

    public static string StatusOf(NeutronFloatingIp ip, bool portDown) => ip.FixedIp is null || portDown ? Down : Active;

    public static Dictionary<string, object?> From(NeutronFloatingIp ip, Guid? portId, bool portDown) => new()
    {
        ["id"] = ip.Id,
        ["floating_ip_address"] = ip.Address,
        ["floating_network_id"] = FloatingIpPool.NetworkIdOf(ip.Pool),
        ["port_id"] = portId,
        ["fixed_ip_address"] = ip.FixedIp,
        ["router_id"] = ip.RouterId,
        ["status"] = StatusOf(ip, portDown),
        ["tenant_id"] = ip.TenantId,
        ["project_id"] = ip.TenantId,
        ["description"] = ip.Description,
        ["created_at"] = NeutronJson.Timestamp(ip.CreatedAt),
        ["updated_at"] = NeutronJson.Timestamp(ip.UpdatedAt),
        ["revision_number"] = ip.Version,
        ["tags"] = ip.Tags,
    };
}
