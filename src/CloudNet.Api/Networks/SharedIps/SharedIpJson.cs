namespace CloudNet.Networks.SharedIps;

/// <summary>Cloud Networks' <c>ip_address</c> object; <c>version</c> is a number (SPEC decision).</summary>
public static class SharedIpJson
{
    public static object From(SharedIp ip) => new
    {
        id = ip.Id,
        network_id = ip.NetworkId,
        address = ip.Address,
        port_ids = ip.Ports.Select(p => p.PortId),
        subnet_id = ip.SubnetId,
        tenant_id = ip.TenantId,
        version = ip.IpVersion,
        type = ip.Type,
    };
}
