using System.Text.Json;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using CloudNet.Networks.Showing;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.CreatingSubnets;

public sealed record CreateSubnet(JsonElement? Subnet);

/// <summary><c>POST /v2.0/subnets</c>: a CIDR on one of the caller's networks; the gateway defaults to the first address.</summary>
public static class CreateSubnetEndpoint
{
    [WolverinePost("/v2.0/subnets", OperationId = "CreateSubnet")]
    [Tags("Networks")]
    public static async Task<IResult> Post(CreateSubnet? command, HttpContext context, IDocumentSession session, FloatingIpPools pools,
        DateTimeOffset now)
    {
        var caller = context.Caller();
        var ct = context.RequestAborted;
        // A JsonElement, not a record: Neutron tells "gateway_ip": null (no gateway) from an absent gateway_ip.
        if (command?.Subnet is not { ValueKind: JsonValueKind.Object } body)
            throw Rejection.BadRequest("Bad subnet request: Resource body required.", "BadRequest");
        var networkText = Text(body, "network_id") ?? throw Rejection.BadRequest("Bad subnet request: network_id is required.", "BadRequest");
        if (!Guid.TryParse(networkText, out var networkId)) throw ShowNetworkEndpoint.NotFound(networkText);
        if (pools.ByNetworkId(networkId) is not null) throw ExternalNetworkRules.NotChangeable(networkText);

        // Ownership never changes, so it is checked before the lock: a refused caller must not make the network's
        // allocations wait. Then exclusive, like a delete: adding a subnet must not race the network's removal.
        var seen = await NetworkLookup.VisibleAsync(session, networkId, caller, ct) ?? throw ShowNetworkEndpoint.NotFound(networkText);
        NetworkRules.EnsureMayChangeSubnets(seen, caller);
        await NetworkLocks.ExclusiveAsync(session, networkId, ct);
        var stream = await session.Events.FetchForWriting<Network>(NetworkKeys.StreamId(networkId), ct);
        if (stream.Aggregate.Is(networkId) is not { } network || !network.VisibleTo(caller.TenantId)) throw ShowNetworkEndpoint.NotFound(networkText);

        // Absent: the default gateway; null: none; anything but a string or null is not an address.
        var gatewayGiven = body.TryGetProperty("gateway_ip", out _);
        var created = NetworkRules.CreateSubnet(network, Guid.CreateVersion7(), Text(body, "name"), Text(body, "cidr"), Version(body),
            gatewayGiven, Text(body, "gateway_ip"), caller, now);
        stream.AppendOne(created);
        return Results.Json(new { subnet = NeutronJson.Subnet(network, created.Subnet) }, statusCode: 201);
    }

    static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw Rejection.BadRequest($"Invalid input for {name}: a string is required.", "InvalidInput")
            : null;

    static int? Version(JsonElement body)
    {
        if (!body.TryGetProperty("ip_version", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString();
        return text is "4" or "6" ? int.Parse(text) : throw Rejection.BadRequest($"Invalid input for ip_version: {text} is not 4 or 6.", "InvalidInput");
    }
}
