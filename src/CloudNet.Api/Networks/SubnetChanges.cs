using System.Text.Json;

namespace CloudNet.Networks;

/// <summary>
/// What a subnet create or update asks for besides its CIDR, as Neutron's API names it. Null: not given (the default
/// on create, unchanged on update); <see cref="GatewayGiven"/> tells <c>"gateway_ip": null</c> (no gateway) from an
/// absent one.
/// </summary>
public sealed record SubnetChanges(
    string? Name = null,
    string? Description = null,
    bool GatewayGiven = false,
    string? Gateway = null,
    bool? EnableDhcp = null,
    IReadOnlyList<string>? DnsNameservers = null,
    IReadOnlyList<AllocationPool>? AllocationPools = null,
    IReadOnlyList<HostRoute>? HostRoutes = null,
    string? Ipv6RaMode = null,
    string? Ipv6AddressMode = null,
    IReadOnlyList<string>? ServiceTypes = null)
{
    /// <summary>The attributes of a <c>subnet</c> body that a create and an update share.</summary>
    public static readonly string[] Attributes =
    [
        "name", "description", "gateway_ip", "enable_dhcp", "dns_nameservers", "allocation_pools", "host_routes",
        "ipv6_ra_mode", "ipv6_address_mode", "service_types",
    ];

    public static SubnetChanges From(NeutronBody body) => new(
        body.Name(),
        body.Description(),
        body.Has("gateway_ip"),
        body.Text("gateway_ip"),
        body.Bool("enable_dhcp"),
        body.Strings("dns_nameservers"),
        body.Objects("allocation_pools")?.Select(p => new AllocationPool(Member(p, "allocation_pools", "start"), Member(p, "allocation_pools", "end"))).ToList(),
        body.Objects("host_routes")?.Select(r => new HostRoute(Member(r, "host_routes", "destination"), Member(r, "host_routes", "nexthop"))).ToList(),
        body.Text("ipv6_ra_mode"),
        body.Text("ipv6_address_mode"),
        body.Strings("service_types"));

    static string Member(JsonElement item, string field, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw NeutronBody.InvalidInput(field, $"each item needs a string '{name}': {item.GetRawText()}");
}
