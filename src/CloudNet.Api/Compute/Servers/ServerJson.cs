using CloudNet.Identity;

namespace CloudNet.Compute.Servers;

/// <summary>Nova's server representation, as pkgcloud and openstacksdk read it.</summary>
public static class ServerJson
{
    public static object Summary(Server server, HttpRequest request) => new
    {
        id = server.Id,
        name = server.Name,
        links = Links(server, request),
    };

    public static Dictionary<string, object?> Detail(Server server, HttpRequest request)
    {
        var detail = Shown(server, request);
        // Nova adds the fault of a server in ERROR: openstacksdk and the CLI print its message.
        if (server.FailedAt is { } failed)
            detail["fault"] = new { code = 500, message = Building.ServerBuilding.ErrorMessage, created = Timestamp(failed) };
        return detail;
    }

    static Dictionary<string, object?> Shown(Server server, HttpRequest request) => new()
    {
        ["id"] = server.Id,
        ["name"] = server.Name,
        ["status"] = server.Status,
        ["tenant_id"] = server.TenantId,
        ["user_id"] = server.UserId,
        ["created"] = Timestamp(server.Created),
        ["updated"] = Timestamp(server.Updated),
        ["hostId"] = "",
        ["progress"] = server.Status == Server.Building ? 0 : 100,
        ["image"] = new { id = server.ImageRef, links = new[] { new { rel = "bookmark", href = ResourceLinks.Bookmark(request, "images", server.ImageRef) } } },
        ["flavor"] = new { id = server.FlavorRef, links = new[] { new { rel = "bookmark", href = ResourceLinks.Bookmark(request, "flavors", server.FlavorRef) } } },
        ["addresses"] = Addresses(server),
        ["metadata"] = server.Metadata,
        ["links"] = Links(server, request),
        ["accessIPv4"] = "",
        ["accessIPv6"] = "",
        ["key_name"] = server.KeyName,
        ["OS-EXT-AZ:availability_zone"] = server.AvailabilityZone ?? AvailabilityZones.AvailabilityZoneOptions.Default,
        ["config_drive"] = "",
        ["security_groups"] = SecurityGroups(server),
        ["OS-DCF:diskConfig"] = "MANUAL",
        ["OS-EXT-STS:vm_state"] = server.Status switch { Server.Building => "building", Server.Error => "error", _ => "active" },
        ["OS-EXT-STS:power_state"] = server.Status == Server.Active ? 1 : 0,
        ["OS-EXT-STS:task_state"] = server.Status == Server.Building ? "spawning" : null,
    };

    /// <summary>Nova's <c>security_groups</c>: the names of the groups the server was made with (<c>default</c> for a server made
    /// before security groups existed).</summary>
    public static object SecurityGroups(Server server) => server.SecurityGroups.Count == 0
        ? new[] { new { name = "default" } }
        : server.SecurityGroups.Select(g => g.Name).Distinct().Select(name => new { name }).ToArray();

    /// <summary>Addresses by network label; a floating IP is listed on the network of the fixed IP it maps to,
    /// tagged <c>floating</c>, which is how openstacksdk recognises an attached floating IP. The MAC is the port's as
    /// Neutron shows it, in lower case (Rackspace's virtual interfaces keep the upper case the server's stream holds).</summary>
    public static Dictionary<string, List<Dictionary<string, object>>> Addresses(Server server)
    {
        var addresses = new Dictionary<string, List<Dictionary<string, object>>>();
        foreach (var port in server.Ports)
        {
            var mac = port.MacAddress.ToLowerInvariant();
            var list = addresses.TryGetValue(port.NetworkLabel, out var existing) ? existing : addresses[port.NetworkLabel] = [];
            foreach (var ip in port.FixedIps)
            {
                list.Add(Address(ip.Address, ip.Version, "fixed", mac));
                foreach (var floating in server.FloatingIps.Where(f => f.FixedIp == ip.Address))
                    list.Add(Address(floating.Address, 4, "floating", mac));
            }
        }
        return addresses;
    }

    static Dictionary<string, object> Address(string address, int version, string type, string mac) => new()
    {
        ["version"] = version,
        ["addr"] = address,
        ["OS-EXT-IPS:type"] = type,
        ["OS-EXT-IPS-MAC:mac_addr"] = mac,
    };

    public static object[] Links(Server server, HttpRequest request) =>
    [
        new { rel = "self", href = $"{ServiceCatalog.BaseUrl(request)}/servers/{server.Id}" },
        new { rel = "bookmark", href = $"{request.Scheme}://{request.Host}/servers/{server.Id}" },
    ];

    static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
}
