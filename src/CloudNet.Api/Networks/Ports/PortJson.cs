using CloudNet.Compute.Servers;

namespace CloudNet.Networks.Ports;

/// <summary>Neutron's port: a server's attachment to a network (Rackspace calls it a virtual interface).</summary>
public static class PortJson
{
    public static Dictionary<string, object?> From(Server server, ServerPort port) => new()
    {
        ["id"] = port.PortId,
        ["name"] = "",
        ["network_id"] = port.NetworkId,
        ["tenant_id"] = server.TenantId,
        ["project_id"] = server.TenantId,
        ["device_id"] = server.Id,
        ["device_owner"] = "compute:None",
        ["mac_address"] = port.MacAddress,
        ["fixed_ips"] = port.FixedIps.Select(ip => new { subnet_id = ip.SubnetId, ip_address = ip.Address }).ToList(),
        ["status"] = "ACTIVE",
        ["admin_state_up"] = true,
        ["security_groups"] = Array.Empty<string>(),
    };
}
