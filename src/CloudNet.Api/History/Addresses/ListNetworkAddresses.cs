using System.Net;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.History.Holdings;
using CloudNet.Identity;
using CloudNet.Replicas;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CloudNet.History.Addresses;

/// <summary>
/// <c>GET /history/networks/{id}/addresses?after=&amp;limit=</c>: every address the network (or floating pool) ever
/// gave out, in address order, from the holdings read model — the lanes of a network's timeline. Each address's
/// intervals are then one <c>/history/addresses/{address}?network_id=</c> away.
/// </summary>
public static class ListNetworkAddressesEndpoint
{
    [WolverineGet("/history/networks/{id}/addresses", OperationId = "ListNetworkAddressHistory")]
    [Tags("History")]
    public static async Task<IResult> Get(string id, string? after, string? limit, HttpContext context, Caller caller, IQuerySession session,
        FloatingIpPools pools, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var networkId) || !await new NetworkVisibility(session, pools, caller).VisibleAsync(networkId, ct))
            throw HistoryRejections.NotFound("network", id);
        IPAddress? from = null;
        if (!string.IsNullOrEmpty(after) && !IPAddress.TryParse(after, out from))
            throw HistoryRejections.BadQuery($"after must be an address, not '{after}'.");
        var take = HistoryQuery.Limit(limit, fallback: 1000, max: 10000);

        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        await using var command = new NpgsqlCommand($"""
            select distinct host(address), address from {schema}.{AddressHoldingsProjection.TableName}
            where network_id = $1 and ($2::inet is null or address > $2)
            order by address limit $3
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = networkId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Inet });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take + 1 });
        var addresses = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) addresses.Add(reader.GetString(0));

        var next = addresses.Count > take
            ? $"{context.Request.PathBase}{context.Request.Path}?after={Uri.EscapeDataString(addresses[take - 1])}&limit={take}"
            : null;
        return Results.Json(new { network_id = networkId, addresses = addresses.Take(take), next });
    }
}
