using CloudNet.Identity;

namespace CloudNet.Compute.FloatingIps;

/// <summary>
/// Seed 003's shape (Hostway: <c>ip</c>, <c>pool</c>, <c>fixed_ip</c>, <c>instance_id</c>, a self link by
/// address ending in '/') plus nova's <c>id</c>, which openstacksdk requires.
/// </summary>
public static class FloatingIpJson
{
    public static object From(FloatingIp ip, HttpRequest request) => new
    {
        id = ip.Id,
        ip = ip.Address,
        pool = ip.Pool,
        fixed_ip = ip.FixedIp,
        instance_id = ip.InstanceId,
        links = new[] { new { href = $"{ServiceCatalog.BaseUrl(request)}/os-floating-ips/{ip.Address}/", rel = "self" } },
    };
}
