using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SharedIps.Provisioning;

public sealed record ProvisionIpAddress([property: JsonPropertyName("ip_address")] ProvisionIpAddressBody? IpAddress);

public sealed record ProvisionIpAddressBody(
    [property: JsonPropertyName("network_id")] string? NetworkId,
    JsonElement? Version,
    [property: JsonPropertyName("port_ids")] List<string>? PortIds,
    [property: JsonPropertyName("device_ids")] List<string>? DeviceIds,
    [property: JsonPropertyName("ip_address")] string? Address);

/// <summary><c>POST /v2.0/ip_addresses</c>: an address of the network for two or more ports (or devices): 201.</summary>
public static class ProvisionIpAddressEndpoint
{
    [WolverinePost("/v2.0/ip_addresses", OperationId = "ProvisionIpAddress")]
    [Tags("Networks: shared IPs")]
    public static async Task<IResult> Post(ProvisionIpAddress? command, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var body = command?.IpAddress ?? throw SharedIpRules.Bad("Invalid request body");
        var version = Version(body.Version);
        var networkText = body.NetworkId ?? throw SharedIpRules.Bad("network_id is required");
        if ((body.PortIds?.Count ?? 0) + (body.DeviceIds?.Count ?? 0) == 0) throw SharedIpRules.Bad("port_ids or device_ids required");
        if (!Guid.TryParse(networkText, out var networkId)) throw NetworkLookup.NotFound(networkText);
        System.Net.IPAddress? requested = null;
        if (body.Address is not null)
        {
            if (WellKnownNetworks.IsWellKnown(networkId)) throw SharedIpRules.Bad("an explicit ip_address is not allowed on PublicNet or ServiceNet");
            if (!IpText.TryParseAddress(body.Address, out requested)) throw SharedIpRules.Bad($"'{body.Address}' is not an IP address");
        }

        var allocator = await session.AddressAllocatorAsync(ct);
        var network = await NetworkLookup.ForAddressingAsync(session, networkId, caller, ct) ?? throw NetworkLookup.NotFound(networkText);
        var ports = await SharedIpPorts.ResolveAsync(session, caller, networkId, body.PortIds ?? [], body.DeviceIds ?? [], ct);
        var type = SharedIpRules.TypeOf(ports);
        var tenant = caller.TenantId;
        var onNetwork = await session.Query<SharedIp>().Where(x => x.TenantId == tenant && x.NetworkId == networkId).ToListAsync(ct);
        SharedIpQuotas.EnsureRoom(networkId, onNetwork.Count,
            ports.Select(port => onNetwork.Count(ip => ip.Ports.Any(p => p.PortId == port.PortId))));
        var subnet = network.Subnets.FirstOrDefault(s => s.Version == version)
            ?? throw Rejection.NotFound($"Network {networkId} has no IPv{version} subnet.", "SubnetNotFound");

        var id = caller.NewId();
        var allocation = await allocator.AllocateAsync(subnet.IpamScope, subnet.Block(), id, caller.TenantId, requested, ct);
        if (!allocation.Succeeded)
            throw allocation.Outcome switch
            {
                AllocationOutcome.Exhausted => Rejection.Conflict($"No more IP addresses available on network {networkId}.", "IpAddressGenerationFailure"),
                AllocationOutcome.InUse => Rejection.Conflict($"IP address {requested} is already allocated on network {networkId}.", "IpAddressInUse"),
                _ => SharedIpRules.Bad($"{requested} is not a usable address of subnet {subnet.Cidr}"),
            };
        await NetworkAddressing.RecordAssignedAsync(session, networkId, subnet.Id, allocation.Address!, new AddressHolder(id, AddressHolder.SharedIp),
            caller, now, ct);
        var provisioned = new IpAddressProvisioned(id, caller.TenantId, networkId, subnet.Id, allocation.Address!.ToString(), version,
            ports, type, caller.UserName, now);
        session.Events.StartStream<SharedIp>(id, provisioned);
        return Results.Json(new { ip_address = SharedIpJson.From(SharedIp.Create(provisioned)) }, statusCode: 201);
    }

    /// <summary>The docs disagree on <c>"4"</c> or <c>4</c>; both are accepted (SPEC decision).</summary>
    static int Version(JsonElement? version)
    {
        if (version is not { ValueKind: JsonValueKind.Number or JsonValueKind.String } value) throw SharedIpRules.Bad("version is required");
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return text is "4" or "6" ? int.Parse(text) : throw SharedIpRules.Bad($"version {text} is not 4 or 6");
    }
}
