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
/// <c>GET /history/addresses/{address}?network_id=&amp;at=</c>: who held the address. With <c>at</c>, the holder at
/// that instant (an index lookup on the holdings read model, whatever the length of the log); without it, every
/// interval in which it was held, oldest first. <c>network_id</c> (a network's or a floating pool's id) narrows
/// it to one network; without it, every network the caller may see.
/// </summary>
public static class ShowAddressHistoryEndpoint
{
    [WolverineGet("/history/addresses/{address}", OperationId = "ShowAddressHistory")]
    [Tags("History")]
    public static async Task<IResult> Get(string address, string? network_id, string? at, Caller caller, IQuerySession session, FloatingIpPools pools,
        CancellationToken ct)
    {
        if (!IPAddress.TryParse(address, out var ip))
            throw HistoryRejections.BadQuery($"'{address}' is not an IPv4 or IPv6 address.");
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        Guid? networkId = string.IsNullOrEmpty(network_id) ? null
            : Guid.TryParse(network_id, out var n) ? n
            : throw HistoryRejections.BadQuery($"network_id must be a network or floating pool id, not '{network_id}'.");
        var instant = HistoryQuery.Instant(at);

        var visibility = new NetworkVisibility(session, pools, caller);
        if (networkId is { } wanted && !await visibility.VisibleAsync(wanted, ct))
            throw HistoryRejections.NotFound("network", wanted.ToString());

        var holdings = new List<AddressHolding>();
        foreach (var holding in await ReadAsync(session, ip, networkId, instant, ct))
            if (await visibility.VisibleAsync(holding.NetworkId, ct)) holdings.Add(holding);

        return Results.Json(new
        {
            address = ip.ToString(),
            network_id = networkId,
            at = instant,
            held = instant is null ? (bool?)null : holdings.Count > 0,
            holdings = holdings.Select(h => h.ToJson(caller.TenantId)),
        });
    }

    static async Task<List<AddressHolding>> ReadAsync(IQuerySession session, IPAddress address, Guid? networkId, DateTimeOffset? at,
        CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        var table = $"{schema}.{AddressHoldingsProjection.TableName}";
        // The intervals of one address in one network never overlap, so the holder at T is the last interval that
        // began by T, if it had not ended by then: a backward descent of (address, network_id, from_at) per network.
        // Two rows, not one: an interval opened and closed in one transaction shares its start with the next one.
        var sql = at is null
            ? $"""
              select {AddressHolding.Columns} from {table}
              where address = $1 and ($2::uuid is null or network_id = $2)
              order by from_at, holder_id
              """
            : $"""
              with networks as (
                  select $2::uuid as id where $2::uuid is not null
                  union
                  select distinct network_id from {table} where $2::uuid is null and address = $1)
              select {AddressHolding.Columns} from networks n cross join lateral (
                  select * from {table} h
                  where h.address = $1 and h.network_id = n.id and h.from_at <= $3
                  order by h.from_at desc limit 2) latest
              where to_at is null or to_at > $3
              order by from_at, holder_id
              """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<IPAddress> { TypedValue = address, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Inet });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)networkId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        if (at is not null) command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        var holdings = new List<AddressHolding>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) holdings.Add(AddressHolding.Read(reader));
        return holdings;
    }
}
