namespace CloudNet.Vpc.PrivateIps;

/// <summary>Seed 002's fields, exactly: <c>subnet_id</c> is the network id, <c>tenant_id</c> the project id.</summary>
public static class PrivateIpJson
{
    public static object From(PrivateIp ip) => new
    {
        status = ip.Status,
        id = ip.Id,
        subnet_id = ip.NetworkId,
        tenant_id = ip.TenantId,
        device_owner = ip.DeviceOwner,
        ip_address = ip.Address,
    };
}
