using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.History.Addresses;
using CloudNet.History.Holdings;
using CloudNet.Identity;
using CloudNet.Networks;
using CloudNet.Networks.FloatingIps;
using CloudNet.Replicas;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Wolverine.Http;

namespace CloudNet.History.Fill;

/// <summary>
/// <c>GET /history/networks/{id}/fill?from=&amp;to=&amp;buckets=</c>: how full a network or floating pool was over time,
/// from the holdings read model: <c>buckets</c> (default 60, at most 500) equal slices of <c>from</c>–<c>to</c> (default:
/// the hour up to now), each with the addresses held at its end, the most held at any moment in it, and the intervals
/// opened and closed in it. Counts include every tenant's addresses (as a pool's fill does); who held them is what
/// <c>/history/addresses/{a}</c> answers, with other tenants redacted.
/// </summary>
public static class ShowNetworkFillEndpoint
{
    [WolverineGet("/history/networks/{id}/fill", OperationId = "ShowNetworkFill")]
    [Tags("History")]
    public static async Task<IResult> Get(string id, string? from, string? to, string? buckets, Caller caller, IQuerySession session,
        FloatingIpPools pools, DateTimeOffset now, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var networkId) || !await new NetworkVisibility(session, pools, caller).VisibleAsync(networkId, ct))
            throw HistoryRejections.NotFound("network", id);
        var end = HistoryQuery.Instant(to) ?? now;
        var start = HistoryQuery.Instant(from) ?? (end - DateTimeOffset.MinValue > TimeSpan.FromHours(1) ? end.AddHours(-1) : DateTimeOffset.MinValue);
        if (start >= end) throw HistoryRejections.BadQuery("from must be before to.");
        var count = HistoryQuery.Limit(buckets, fallback: 60, max: 500);

        var (heldAtStart, changes) = await ReadAsync(session, networkId, start, end, count, ct);
        var size = await SizeAsync(session, pools, networkId, ct);
        return Results.Json(new
        {
            network_id = networkId, size, from = start, to = end, held_at_start = heldAtStart,
            buckets = FillBuckets.Fold(start, end, count, heldAtStart, changes).Select(b => new
            {
                from = b.From, to = b.To, held = b.Held, peak = b.Peak, opened = b.Opened, closed = b.Closed,
            }),
        });
    }

    /// <summary>Usable addresses of the pool, or of the network's current subnets (null once the network is deleted).</summary>
    static async Task<double?> SizeAsync(IQuerySession session, FloatingIpPools pools, Guid networkId, CancellationToken ct)
    {
        if (pools.ByNetworkId(networkId) is { } pool) return (double)pool.Block.UsableCount;
        var network = (await session.LoadAsync<Network>(NetworkKeys.StreamId(networkId), ct)).Is(networkId);
        return network?.Subnets.Sum(s => (double)s.Block().UsableCount);
    }

    /// <summary>
    /// One pass over the network's intervals: what was held at <paramref name="start"/>, then every opening (+1) and
    /// closing (-1) in the range with the running count after it (a closing first at equal instants, so that a release
    /// and the allocation that reuses it at once do not count as a peak), summed per bucket.
    /// </summary>
    static async Task<(long HeldAtStart, List<BucketChanges> Changes)> ReadAsync(IQuerySession session, Guid networkId,
        DateTimeOffset start, DateTimeOffset end, int count, CancellationToken ct)
    {
        var holdings = $"{session.DocumentStore.Options.DatabaseSchemaName}.{AddressHoldingsProjection.TableName}";
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        await using var command = new NpgsqlCommand($"""
            with base as (
                select count(*) as n from {holdings}
                where network_id = $1 and from_at <= $2 and (to_at is null or to_at > $2)),
            changes as (
                select from_at as t, 1 as d from {holdings} where network_id = $1 and from_at > $2 and from_at <= $3
                union all
                select to_at, -1 from {holdings} where network_id = $1 and to_at > $2 and to_at <= $3),
            running as (
                select t, d, (select n from base) + sum(d) over (order by t, d rows unbounded preceding) as held from changes)
            select 0, 0::bigint, 0::bigint, n, n from base
            union all
            select least(width_bucket(extract(epoch from t), extract(epoch from $2), extract(epoch from $3), $4), $4),
                   count(*) filter (where d = 1), count(*) filter (where d = -1), max(held),
                   (array_agg(held order by t desc, d desc))[1]
            from running group by 1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = networkId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = start, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = end, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        long heldAtStart = 0;
        var changes = new List<BucketChanges>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var bucket = reader.GetInt32(0);
            if (bucket == 0) heldAtStart = reader.GetInt64(3);
            else changes.Add(new BucketChanges(bucket, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        return (heldAtStart, changes);
    }
}
