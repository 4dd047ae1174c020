using System.Text.Json;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.CreatingSubnets;

public sealed record CreateSubnet(JsonElement? Subnet);

/// <summary><c>POST /v2.0/subnets</c>: a CIDR on one of the caller's networks, with every attribute Neutron lets a create set;
/// the gateway defaults to the first address, the allocation pools to the rest of the range.</summary>
public static class CreateSubnetEndpoint
{
    static readonly string[] Accepted =
    [
        .. SubnetChanges.Attributes, "network_id", "cidr", "ip_version", "subnetpool_id", "prefixlen", "use_default_subnetpool",
        "segment_id", "dns_publish_fixed_ip", "tenant_id", "project_id",
    ];

    [WolverinePost("/v2.0/subnets", OperationId = "CreateSubnet")]
    [Tags("Networks")]
    public static async Task<IResult> Post(CreateSubnet? command, Caller caller, IDocumentSession session, FloatingIpPools pools, QuotaLimits limits,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NeutronBody.Of("subnet", command?.Subnet, Accepted);
        NeutronOwnership.EnsureCallersOwn(body, caller);
        if (body.Text("subnetpool_id") is not null || body.Bool("use_default_subnetpool") == true || body.Int("prefixlen") is not null)
            throw NeutronBody.Bad("subnet", "Subnet pools are not supported by this service: give a cidr");
        if (body.Text("segment_id") is not null) throw NeutronBody.Bad("subnet", "Segments are not supported by this service");
        var networkText = body.Text("network_id") ?? throw NeutronBody.Bad("subnet", "Failed to parse request. Required attribute 'network_id' not specified");
        if (!Guid.TryParse(networkText, out var networkId)) throw NetworkLookup.NotFound(networkText);
        if (pools.ByNetworkId(networkId) is not null) throw ExternalNetworkRules.NotChangeable(networkText);
        var changes = SubnetChanges.From(body);
        var cidr = body.Text("cidr");
        var version = body.Int("ip_version") is { } v ? v is 4 or 6 ? v : throw NeutronBody.InvalidInput("ip_version", $"{v} is not in [4, 6]") : (int?)null;

        // Ownership never changes, so it is checked before the lock: a refused caller must not make the network's
        // allocations wait. Then exclusive, like a delete: adding a subnet must not race the network's removal.
        var seen = await NetworkLookup.VisibleAsync(session, networkId, caller, ct) ?? throw NetworkLookup.NotFound(networkText);
        NetworkRules.EnsureMayChangeSubnets(seen, caller);
        await NetworkLocks.ExclusiveAsync(session, networkId, ct);
        var stream = await session.Events.FetchForWriting<Network>(NetworkKeys.StreamId(networkId), ct);
        if (stream.Aggregate.Is(networkId) is not { } network || !network.VisibleTo(caller.TenantId)) throw NetworkLookup.NotFound(networkText);

        var created = SubnetRules.Create(network, caller.NewId(), cidr, version, changes, caller, now);
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.Subnet, [created.Subnet.Id], NeutronQuotaErrors.OverQuota(QuotaResources.Subnet));
        stream.AppendOne(created);
        return Results.Json(new { subnet = NeutronJson.Subnet(network, created.Subnet) }, statusCode: 201);
    }
}
