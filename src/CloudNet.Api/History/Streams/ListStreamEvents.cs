using CloudNet.Identity;
using CloudNet.Replicas;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CloudNet.History.Streams;

/// <summary>
/// <c>GET /history/{kind}/{id}/events?after=&amp;limit=</c>: the resource's events in order, each with its
/// version, time, user, tenant, request id and command, and the data as stored. <c>after</c> is a version;
/// <c>next</c> links to the following page.
/// </summary>
public static class ListStreamEventsEndpoint
{
    // In a shared network's stream (logs written before issue 18), other tenants' address events are shown as "held", not by whom.
    static readonly string[] AddressEvents = ["network_address_assigned", "network_address_released"];

    [WolverineGet("/history/{kind}/{id}/events", OperationId = "ListHistoryEvents")]
    [Tags("History")]
    public static async Task<IResult> Get(string kind, string id, string? after, string? limit, HttpContext context, Caller caller,
        IQuerySession session, CancellationToken ct)
    {
        var stream = await HistoryStream.ResolveAsync(session, kind, id, caller, ct);
        var from = HistoryQuery.After(after);
        var take = HistoryQuery.Limit(limit);

        var events = await ReadAsync(session, stream, from, take + 1, ct);
        var page = events.Take(take)
            .Select(e => stream.IsShared && AddressEvents.Contains(e.Type) && e.TenantId != caller.TenantId ? e.Redacted() : e)
            .Select(e => e.ToJson());
        var next = events.Count > take ? $"{context.Request.PathBase}{context.Request.Path}?after={events[take - 1].Version}&limit={take}" : null;
        return Results.Json(new { kind = stream.Kind, id = stream.Id, stream_id = stream.StreamId, events = page, next });
    }

    static async Task<List<RecordedEvent>> ReadAsync(IQuerySession session, HistoryStream stream, long after, int limit, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        // A virtual interface's history is the part of its server's stream that concerns its port.
        var portOnly = stream.Kind == HistoryStream.VirtualInterfaces ? """
             and ((e.type = 'server_created' and e.data @> $4::jsonb)
               or (e.type = 'virtual_interface_attached' and e.data @> $5::jsonb)
               or (e.type = 'virtual_interface_detached' and e.data @> $6::jsonb)
               or e.type = 'server_deleted')
            """ : "";
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        await using var command = new NpgsqlCommand($"""
            select {RecordedEvent.Columns} from {schema}.mt_events e
            where e.stream_id = $1 and e.version > $2 {portOnly}
            order by e.version limit $3
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream.StreamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (portOnly.Length > 0)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PortEvents.InServerCreated(stream.Id) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PortEvents.InAttached(stream.Id) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PortEvents.InDetached(stream.Id) });
        }
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(RecordedEvent.Read(reader));
        return events;
    }
}
