namespace CloudNet.Vpc.PublicIps;

/// <summary>An EIP in Huawei's v1 shape (VPC API reference, "Querying an EIP"): <c>DOWN</c> while unbound, <c>ACTIVE</c> once bound to
/// a port (<c>DOWN</c> while that port waits for ACTIVE under a lifecycle rule: <c>portDown</c>), <c>port_id</c> and <c>private_ip_address</c> only while bound, <c>create_time</c> as <c>yyyy-MM-dd HH:mm:ss</c> (UTC).</summary>
public static class PublicIpJson
{
    public static Dictionary<string, object?> From(PublicIp ip, string type, Guid? portId, bool portDown = false)
    {
        var bandwidth = ip.BandwidthOrDefault;
        var json = new Dictionary<string, object?>
        {
            ["id"] = ip.Id,
            ["status"] = ip.IsBound && !portDown ? "ACTIVE" : "DOWN",
            ["type"] = ip.Type ?? type,
            ["public_ip_address"] = ip.Address,
            ["ip_version"] = 4,
            ["tenant_id"] = ip.TenantId,
            ["create_time"] = ip.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"),
            ["bandwidth_id"] = ip.BandwidthId,
            ["bandwidth_name"] = bandwidth.Name,
            ["bandwidth_size"] = bandwidth.Size,
            ["bandwidth_share_type"] = bandwidth.ShareType,
            ["alias"] = ip.Alias,
            ["enterprise_project_id"] = "0",
            ["public_border_group"] = "center",
            ["profile"] = new { },
        };
        if (ip.IsBound)
        {
            json["port_id"] = portId;
            json["private_ip_address"] = ip.FixedIp;
        }
        return json;
    }
}
