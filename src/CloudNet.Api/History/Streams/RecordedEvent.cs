using System.Text.Json.Nodes;
using CloudNet.History.Metadata;
using Npgsql;

namespace CloudNet.History.Streams;

/// <summary>One stored event as the history routes show it: the data exactly as stored, and its metadata.</summary>
public sealed record RecordedEvent(long Sequence, Guid StreamId, long Version, string Type, DateTimeOffset Timestamp, JsonNode? Data,
    string? RequestId, string? Command, string? User, string? TenantId)
{
    /// <summary>The columns <see cref="Read"/> expects, in order, from <c>mt_events</c> aliased <c>e</c>.</summary>
    public const string Columns =
        "e.seq_id, e.stream_id, e.version, e.type, e.timestamp, e.data::text, e.correlation_id, e.causation_id, e.user_name, e.headers::text";

    public static RecordedEvent Read(NpgsqlDataReader reader)
    {
        var data = JsonNode.Parse(reader.GetString(5));
        var headers = reader.IsDBNull(9) ? null : JsonNode.Parse(reader.GetString(9));
        // The tenant the event is about: named in the data where it is (an admin may act for a tenant), else the caller's.
        var tenant = data?["TenantId"]?.GetValue<string>() ?? headers?[CommandMetadata.TenantHeader]?.GetValue<string>();
        return new RecordedEvent(
            reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), data,
            reader.IsDBNull(6) ? null : reader.GetString(6),
            CommandMetadata.Read(headers, reader.IsDBNull(7) ? null : reader.GetString(7)),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            tenant);
    }

    /// <summary>The event with what identifies another tenant's holder taken out: only that an address was held,
    /// and when, remain (a shared network's history, seen by a tenant that was not the holder).</summary>
    public RecordedEvent Redacted() => this with
    {
        Data = new JsonObject
        {
            ["NetworkId"] = Data?["NetworkId"]?.DeepClone(),
            ["SubnetId"] = Data?["SubnetId"]?.DeepClone(),
            ["Address"] = Data?["Address"]?.DeepClone(),
            ["HolderKind"] = Data?["HolderKind"]?.DeepClone(),
            ["HeldByAnotherTenant"] = true,
        },
        RequestId = null, Command = null, User = null, TenantId = null,
    };

    public object ToJson() => new
    {
        sequence = Sequence,
        stream_id = StreamId,
        version = Version,
        type = Type,
        timestamp = Timestamp,
        user = User,
        tenant_id = TenantId,
        request_id = RequestId,
        command = Command,
        data = Data,
    };
}
