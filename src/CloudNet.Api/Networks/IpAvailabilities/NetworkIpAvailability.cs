using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json.Nodes;
using CloudNet.History.Holdings;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Replicas;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CloudNet.Networks.IpAvailabilities;

/// <summary>
/// Neutron's <c>network-ip-availability</c> extension (Huawei's <c>showNetworkIpAvailabilities</c> is the same route):
/// <c>GET /v2.0/network-ip-availabilities[/{network_id}]</c>, how full each of the caller's networks and their subnets are.
/// <c>total_ips</c> is what IPAM may hand out (the allocation pools, without the network, broadcast and gateway addresses);
/// <c>used_ips</c> what is held now, by whatever holds it (ports, servers, private IPs, shared IPs), read from the address
/// holdings' read model (<see cref="AddressHoldingsProjection"/>). Neutron shows this to admins only; here a project sees its
/// own networks (a shared network's usage is its owner's business, and answers as a missing one).
/// </summary>
public static class NetworkIpAvailabilityEndpoints
{
    [WolverineGet("/v2.0/network-ip-availabilities", OperationId = "ListNetworkIpAvailabilities")]
    [Tags("Networks: IP availability")]
    public static async Task<IResult> List(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var networks = await session.Query<Network>().Where(n => n.TenantId == tenant).ToListAsync(ct);
        var held = await HeldAsync(session, networks.Select(n => n.NetworkId).ToArray(), ct);
        var query = context.Request.Query;
        var items = networks.OrderBy(n => n.NetworkId)
            .Where(n => Passes(query["network_id"], n.NetworkId.ToString()) && Passes(query["network_name"], n.Label)
                && Passes(query["tenant_id"], n.TenantId) && Passes(query["project_id"], n.TenantId)
                && (query["ip_version"].Count == 0 || n.Subnets.Any(s => query["ip_version"].Contains(s.Version.ToString()))))
            .Select(n => Json(n, held.GetValueOrDefault(n.NetworkId) ?? []));
        return Results.Json(new { network_ip_availabilities = items });
    }

    [WolverineGet("/v2.0/network-ip-availabilities/{networkId}", OperationId = "ShowNetworkIpAvailability")]
    [Tags("Networks: IP availability")]
    public static async Task<IResult> Show(string networkId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var network = Guid.TryParse(networkId, out var id) ? await NetworkLookup.VisibleAsync(session, id, caller, ct) : null;
        if (network is null || network.TenantId != caller.TenantId) throw NetworkLookup.NotFound(networkId);
        var held = await HeldAsync(session, [network.NetworkId], ct);
        return NeutronCollection.Show(context, "network_ip_availability", Json(network, held.GetValueOrDefault(network.NetworkId) ?? []));
    }

    /// <summary>Neutron's filters of this resource (<c>network_id</c>, <c>network_name</c>, <c>project_id</c>/<c>tenant_id</c>,
    /// <c>ip_version</c>), each matching any of its values; Neutron pages and sorts none of it.</summary>
    static bool Passes(Microsoft.Extensions.Primitives.StringValues wanted, string? value) =>
        wanted.Count == 0 || wanted.Any(w => string.Equals(w, value, StringComparison.OrdinalIgnoreCase));

    /// <summary>Pure: the availability of a network whose held addresses are <paramref name="held"/>.</summary>
    public static Dictionary<string, object?> Json(Network network, IReadOnlyList<IPAddress> held)
    {
        var subnets = network.Subnets.Select(s => (Subnet: s, Block: s.Block())).ToList();
        return new()
        {
            ["network_id"] = network.NetworkId,
            ["network_name"] = network.Label,
            ["tenant_id"] = network.TenantId,
            ["project_id"] = network.TenantId,
            ["total_ips"] = Number(subnets.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Block.UsableCount)),
            ["used_ips"] = held.Count(a => subnets.Any(s => s.Block.Network.Contains(a))),
            ["subnet_ip_availability"] = subnets.Select(s => new Dictionary<string, object?>
            {
                ["subnet_id"] = s.Subnet.Id,
                ["subnet_name"] = s.Subnet.Name,
                ["cidr"] = s.Subnet.Cidr,
                ["ip_version"] = s.Subnet.Version,
                ["total_ips"] = Number(s.Block.UsableCount),
                ["used_ips"] = held.Count(a => s.Block.Network.Contains(a)),
            }).ToList(),
        };
    }

    /// <summary>A count as a JSON number however large (an IPv6 /64 holds 2^64 addresses, Neutron's integers have no bound).</summary>
    static JsonNode Number(BigInteger count) => JsonNode.Parse(count.ToString(CultureInfo.InvariantCulture))!;

    /// <summary>The addresses held now on each network, in one query of the holdings' read model.</summary>
    static async Task<Dictionary<Guid, List<IPAddress>>> HeldAsync(IQuerySession session, Guid[] networkIds, CancellationToken ct)
    {
        var held = new Dictionary<Guid, List<IPAddress>>();
        if (networkIds.Length == 0) return held;
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        await using var command = new NpgsqlCommand(
            $"select network_id, host(address) from {session.DocumentStore.Options.DatabaseSchemaName}.{AddressHoldingsProjection.TableName} " +
            "where network_id = any($1) and to_at is null", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = networkIds });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var network = reader.GetGuid(0);
            if (!held.TryGetValue(network, out var addresses)) held[network] = addresses = [];
            addresses.Add(IPAddress.Parse(reader.GetString(1)));
        }
        return held;
    }
}
