using System.Text.Json;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Updating;

public sealed record UpdateNetwork(JsonElement? Network);

/// <summary><c>PUT /v2.0/networks/{id}</c>: 200 and the network, its name and Neutron attributes changed as one event.</summary>
public static class UpdateNetworkEndpoint
{
    static readonly string[] ReadOnly = ["id", "tenant_id", "project_id", "status", "subnets", "availability_zone_hints"];

    [WolverinePut("/v2.0/networks/{networkId}", OperationId = "UpdateNetwork")]
    [Tags("Networks")]
    public static async Task<IResult> Put(string networkId, UpdateNetwork? command, Caller caller, IDocumentSession session, FloatingIpPools pools,
        DateTimeOffset now, CancellationToken ct)
    {
        if (pools.ByNetworkId(networkId) is not null) throw ExternalNetworkRules.NotChangeable(networkId);
        var body = NeutronBody.Of("network", command?.Network, [.. NetworkChanges.Attributes, .. ReadOnly]);
        if (body.Names.FirstOrDefault(ReadOnly.Contains) is { } readOnly)
            throw NeutronBody.Bad("network", $"Cannot update read-only attribute {readOnly}");
        var changes = NetworkChanges.From(body);
        if (!Guid.TryParse(networkId, out var id)) throw NetworkLookup.NotFound(networkId);

        // Exclusive, as a subnet create is: no allocation on the network is in flight while it changes.
        _ = await NetworkLookup.VisibleAsync(session, id, caller, ct) ?? throw NetworkLookup.NotFound(networkId);
        await NetworkLocks.ExclusiveAsync(session, id, ct);
        var stream = await session.Events.FetchForWriting<Network>(NetworkKeys.StreamId(id), ct);
        if (stream.Aggregate.Is(id) is not { } network || !network.VisibleTo(caller.TenantId)) throw NetworkLookup.NotFound(networkId);

        var updated = NetworkRules.Update(network, changes, caller, now);
        stream.AppendOne(updated);
        return Results.Json(new { network = NeutronJson.Network(network.Apply(updated)) });
    }
}
