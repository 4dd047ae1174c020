using CloudNet.Networks.Ports;
using Microsoft.AspNetCore.Http;

namespace CloudNet.Vpc.Ports.Listing;

/// <summary>Pure: the ports a Huawei list query selects, in id order, after the marker. Each filter given several times matches any
/// of its values; a <c>fixed_ips</c> filter (<c>ip_address=…</c> or <c>subnet_id=…</c>, the subnet's Neutron id or its network's id)
/// must match one of the port's addresses.</summary>
public static class HuaweiPortFilter
{
    public static IEnumerable<Port> Apply(IEnumerable<Port> ports, IQueryCollection query, Guid? marker) =>
        ports.Where(p => marker is not { } after || p.Id.CompareTo(after) > 0)
            .Where(p => Matches(query, "id", p.Id.ToString()) && Matches(query, "name", p.Attributes.Name)
                && Matches(query, "network_id", p.NetworkId.ToString()) && Matches(query, "mac_address", p.MacAddress)
                && Matches(query, "device_id", p.Attributes.DeviceId) && Matches(query, "device_owner", p.Attributes.DeviceOwner)
                && Matches(query, "status", p.Status) && Matches(query, "admin_state_up", p.Attributes.AdminStateUp ? "true" : "false")
                && (query["security_groups"].Count == 0 || query["security_groups"].Any(g => p.Attributes.SecurityGroups.Contains(g ?? "")))
                && query["fixed_ips"].All(f => FixedIpMatches(p, f ?? "")))
            .OrderBy(p => p.Id);

    static bool Matches(IQueryCollection query, string name, string value) =>
        query[name].Count == 0 || query[name].Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));

    static bool FixedIpMatches(Port port, string filter)
    {
        var at = filter.IndexOf('=');
        if (at < 0) return false;
        var (key, value) = (filter[..at], filter[(at + 1)..]);
        return key switch
        {
            "ip_address" => port.FixedIps.Any(f => f.Address == value),
            "subnet_id" => port.FixedIps.Any(f => string.Equals(f.SubnetId.ToString(), value, StringComparison.OrdinalIgnoreCase))
                || string.Equals(port.NetworkId.ToString(), value, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }
}
