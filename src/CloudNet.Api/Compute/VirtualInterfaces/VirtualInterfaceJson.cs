using CloudNet.Compute.Servers;

namespace CloudNet.Compute.VirtualInterfaces;

/// <summary>Seed 004's shape: <c>{"id","mac_address","ip_addresses":[{"address","network_id","network_label"}]}</c>.</summary>
public static class VirtualInterfaceJson
{
    public static object From(ServerPort port) => new
    {
        id = port.PortId,
        mac_address = port.MacAddress,
        ip_addresses = port.FixedIps.Select(ip => new { address = ip.Address, network_id = port.NetworkId, network_label = port.NetworkLabel }),
    };
}
