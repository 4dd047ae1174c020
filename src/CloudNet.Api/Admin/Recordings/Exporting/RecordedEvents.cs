using System.Text.Json.Nodes;
using CloudNet.History.Metadata;
using Marten;
using Npgsql;

namespace CloudNet.Admin.Recordings.Exporting;

/// <summary>
/// The events a recording's requests caused, by request id: what <c>/history/requests/{id}</c> shows for each, read in one query.
/// The export puts them in each entry, so a HAR carries the events of the run it recorded and a replay can compare them with the
/// events the same requests cause elsewhere.
/// </summary>
public static class RecordedEvents
{
    public static async Task<Dictionary<string, JsonArray>> ByRequestAsync(IDocumentStore store, string tenant, IReadOnlyCollection<string> requestIds,
        CancellationToken ct)
    {
        var events = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        if (requestIds.Count == 0) return events;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select e.correlation_id, e.stream_id, e.version, e.type, e.timestamp, e.data::text from {store.Options.Events.DatabaseSchemaName}.mt_events e
            where e.correlation_id = any($1) and e.headers ->> '{CommandMetadata.TenantHeader}' = $2
            order by e.seq_id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = requestIds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var request = reader.GetString(0);
            if (!events.TryGetValue(request, out var list)) events[request] = list = [];
            list.Add(new JsonObject
            {
                ["stream_id"] = reader.GetGuid(1).ToString(),
                ["version"] = reader.GetInt64(2),
                ["type"] = reader.GetString(3),
                ["timestamp"] = reader.GetFieldValue<DateTimeOffset>(4),
                ["data"] = JsonNode.Parse(reader.GetString(5)),
            });
        }
        return events;
    }
}
