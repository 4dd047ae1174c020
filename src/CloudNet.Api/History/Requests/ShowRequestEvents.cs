using CloudNet.History.Metadata;
using CloudNet.History.Streams;
using CloudNet.Identity;
using CloudNet.Replicas;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CloudNet.History.Requests;

/// <summary>
/// <c>GET /history/requests/{requestId}</c>: the events one request caused, in every stream, in order. The id is
/// the one the response carried (<c>X-Compute-Request-Id</c>, <c>X-Openstack-Request-Id</c>, <c>X-Request-Id</c>),
/// stored as the events' correlation id. A tenant sees its own requests only; a request that changed nothing
/// (a GET, a refused command) has no events.
/// </summary>
public static class ShowRequestEventsEndpoint
{
    [WolverineGet("/history/requests/{requestId}", OperationId = "ShowRequestEvents")]
    [Tags("History")]
    public static async Task<IResult> Get(string requestId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        await using var command = new NpgsqlCommand($"""
            select {RecordedEvent.Columns} from {schema}.mt_events e
            where e.correlation_id = $1 and e.headers ->> '{CommandMetadata.TenantHeader}' = $2
            order by e.seq_id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = requestId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = caller.TenantId });
        var events = new List<object>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) events.Add(RecordedEvent.Read(reader).ToJson());
        return Results.Json(new { request_id = requestId, events });
    }
}
