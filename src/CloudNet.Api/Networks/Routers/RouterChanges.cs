using System.Net;
using System.Text.Json;

namespace CloudNet.Networks.Routers;

/// <summary>
/// The <c>external_gateway_info</c> a create or update asks for: the external network, SNAT (null: as it is, or on), and the
/// addresses wanted on it (null: any one of the pool's; given, an address or a subnet each).
/// </summary>
public sealed record GatewayRequest(Guid NetworkId, bool? EnableSnat, IReadOnlyList<AddressRequest>? ExternalFixedIps);

/// <summary>
/// What a router create or update asks for, as Neutron's API names it; null: not given (the default on create, unchanged on
/// update). <see cref="GatewayGiven"/> tells <c>"external_gateway_info": null</c> (no gateway) from an absent one.
/// </summary>
public sealed record RouterChanges(
    string? Name = null,
    string? Description = null,
    bool? AdminStateUp = null,
    bool GatewayGiven = false,
    GatewayRequest? Gateway = null,
    IReadOnlyList<RouterRoute>? Routes = null)
{
    /// <summary>The attributes of a <c>router</c> body that a create and an update share.</summary>
    public static readonly string[] Attributes = ["name", "description", "admin_state_up", "external_gateway_info", "distributed", "ha"];

    static readonly string[] GatewayKeys = ["network_id", "enable_snat", "external_fixed_ips", "qos_policy_id"];

    public static RouterChanges From(NeutronBody body)
    {
        // Distributed and HA routers are a deployment's choice of agents, which this service does not have.
        foreach (var mode in new[] { "distributed", "ha" })
            if (body.Bool(mode) == true) throw NeutronBody.Bad("router", $"'{mode}' routers are not supported by this service");
        return new(
            body.Name(),
            body.Description(),
            body.Bool("admin_state_up"),
            body.Has("external_gateway_info"),
            GatewayOf(body.Raw("external_gateway_info")),
            body.Objects("routes")?.Select(Route).ToList());
    }

    /// <summary>Neutron's <c>dict_or_nodata</c>: null or <c>{}</c> is no gateway; otherwise <c>network_id</c> is required.</summary>
    static GatewayRequest? GatewayOf(JsonElement? value)
    {
        if (value is not { } info || info.ValueKind == JsonValueKind.Null) return null;
        if (info.ValueKind != JsonValueKind.Object)
            throw NeutronBody.InvalidInput("external_gateway_info", $"'{info.GetRawText()}' is not a dictionary");
        var keys = info.EnumerateObject().Select(p => p.Name).ToList();
        if (keys.Count == 0) return null;
        if (keys.FirstOrDefault(k => !GatewayKeys.Contains(k)) is { } unknown || !keys.Contains("network_id"))
            throw NeutronBody.InvalidInput("external_gateway_info",
                $"Validation of dictionary's keys failed. Expected keys: {{'network_id'}} Provided keys: {{{string.Join(", ", keys.Select(k => $"'{k}'"))}}}");
        var gateway = NeutronBody.Of("external_gateway_info", info, GatewayKeys);
        if (gateway.Raw("qos_policy_id") is { ValueKind: not JsonValueKind.Null })
            throw NeutronBody.Bad("router", "'qos_policy_id' is not supported by this service");
        var networkId = gateway.Uuid("network_id") ?? throw NeutronBody.InvalidInput("external_gateway_info", "'network_id' is required");
        return new GatewayRequest(networkId, gateway.Bool("enable_snat"), gateway.Objects("external_fixed_ips")?.Select(FixedIp).ToList());
    }

    static AddressRequest FixedIp(JsonElement item)
    {
        var fixedIp = NeutronBody.Of("external_fixed_ips", item, ["subnet_id", "ip_address"]);
        // gophercloud sends "subnet_id": "" for an address without a subnet (its field has no omitempty): read it as absent.
        var subnetId = fixedIp.Text("subnet_id") is { Length: 0 } ? null : fixedIp.Uuid("subnet_id");
        IPAddress? address = fixedIp.Address("ip_address");
        return subnetId is null && address is null
            ? throw NeutronBody.InvalidInput("external_fixed_ips", "each item needs a subnet_id, an ip_address or both")
            : new AddressRequest(subnetId, address);
    }

    static RouterRoute Route(JsonElement item)
    {
        var route = NeutronBody.Of("routes", item, ["destination", "nexthop"]);
        var destination = route.Text("destination") ?? throw NeutronBody.InvalidInput("routes", $"'{item.GetRawText()}' has no destination");
        var nexthop = route.Address("nexthop") ?? throw NeutronBody.InvalidInput("routes", $"'{item.GetRawText()}' has no nexthop");
        // Neutron's validate_subnet: a CIDR without host bits (0.0.0.0/0 and host routes included).
        var slash = destination.IndexOf('/');
        return slash > 0 && System.Net.IPNetwork.TryParse(destination, out var network)
               && IPAddress.TryParse(destination[..slash], out var start) && start.Equals(network.BaseAddress)
            ? new RouterRoute(network.ToString(), nexthop.ToString())
            : throw NeutronBody.InvalidInput("routes", $"'{destination}' is not a valid IP subnet CIDR");
    }
}
