using Marten;
using Npgsql;

namespace CloudNet.Admin.Tenants.Forking;

/// <summary>One stored event of a stream the fork copies, as stored.</summary>
public sealed record SourceEvent(long Sequence, long Version, string Type, string DotnetType, string Data);

/// <summary>A resource stream of the source tenant, up to the fork's point: its kind is its first event's type.</summary>
public sealed record SourceStream(Guid StreamId, IReadOnlyList<SourceEvent> Events)
{
    static readonly HashSet<string> Endings =
        ["floating_ip_released", "server_deleted", "ip_address_deallocated", "private_ip_released", "network_deleted", "vpc_deleted",
            "port_deleted", "keypair_deleted", "quotas_reset", "router_deleted", "security_group_deleted"];

    public string Kind => Events[0].Type;
    public long Version => Events[^1].Version;
    public bool Alive => !Endings.Contains(Events[^1].Type);
}

/// <summary>Reads what a fork copies: the tenant's resource streams, each up to the last event at or before the fork's point.</summary>
public static class ForkSource
{
    public static readonly string[] ResourceKinds =
        ["network_created", "vpc_created", "server_created", "port_created", "floating_ip_allocated", "ip_address_provisioned", "private_ip_assigned",
            "keypair_created", "quotas_set", "security_group_created", "router_created"];

    /// <summary>The last event sequence at or before the instant (0 when nothing was recorded by then).</summary>
    public static async Task<long> SequenceAtAsync(IQuerySession session, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select coalesce(max(seq_id), 0) from {session.DocumentStore.Options.DatabaseSchemaName}.mt_events where timestamp <= $1", connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task<IReadOnlyList<SourceStream>> ReadAsync(IQuerySession session, string tenantId, long sequence, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var connection = session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // The streams the tenant started (a resource's first event names its tenant), then their events up to the point.
        await using var command = new NpgsqlCommand($"""
            with owned as (
                select stream_id from {schema}.mt_events
                where version = 1 and seq_id <= $2 and type = any($3) and data ->> 'TenantId' = $1)
            select e.stream_id, e.seq_id, e.version, e.type, e.mt_dotnet_type, e.data::text
            from {schema}.mt_events e join owned o on o.stream_id = e.stream_id
            where e.seq_id <= $2
            order by e.stream_id, e.version
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ResourceKinds });
        var streams = new Dictionary<Guid, List<SourceEvent>>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            if (!streams.TryGetValue(id, out var events)) streams[id] = events = [];
            events.Add(new SourceEvent(reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }
        return streams.Select(s => new SourceStream(s.Key, s.Value)).ToList();
    }
}
