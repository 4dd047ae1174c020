using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace CloudNet.History.Replay;

/// <summary>
/// One line of an exported event log (after its header, <see cref="ExportedLogHeader"/>): an event of <c>mt_events</c> with everything needed to write it back
/// unchanged (sequence, id, stream, version, type alias and .NET type, timestamp, data as stored, metadata), and
/// the stream's type. The line of a stream's first event also carries the stream's own row (<see cref="ExportedStream"/>),
/// so import can create the stream before its events arrive without reading the file twice.
/// </summary>
/// <remarks>
/// <c>data</c> and <c>headers</c> are the stored jsonb, embedded as JSON (not as strings), so the file is readable
/// and import writes back the very same jsonb values. Stores here are single-tenanted and never archive streams,
/// so Marten's <c>tenant_id</c> and <c>is_archived</c> columns are left out (import writes their defaults).
/// </remarks>
public sealed record ExportedEvent(
    long Sequence, Guid Id, Guid StreamId, string? StreamType, long Version, string Type, string? DotnetType, DateTimeOffset Timestamp,
    string Data, string? CorrelationId, string? CausationId, string? UserName, string? Headers, ExportedStream? Stream)
{
    /// <summary>The query <see cref="Read"/> expects: every event with its stream's row, in sequence order.</summary>
    public static string Query(string schema) => $"""
        select e.seq_id, e.id, e.stream_id, s.type, e.version, e.type, e.mt_dotnet_type, e.timestamp, e.data::text,
               e.correlation_id, e.causation_id, e.user_name, e.headers::text, s.created, s.timestamp, s.version
        from {schema}.mt_events e join {schema}.mt_streams s on s.id = e.stream_id
        order by e.seq_id
        """;

    public static ExportedEvent Read(NpgsqlDataReader r)
    {
        var version = r.GetInt64(4);
        return new ExportedEvent(
            r.GetInt64(0), r.GetGuid(1), r.GetGuid(2), Text(r, 3), version, r.GetString(5), Text(r, 6),
            r.GetFieldValue<DateTimeOffset>(7), r.GetString(8), Text(r, 9), Text(r, 10), Text(r, 11), Text(r, 12),
            version == 1 ? new ExportedStream(r.GetFieldValue<DateTimeOffset>(13), r.GetFieldValue<DateTimeOffset>(14), r.GetInt64(15)) : null);
    }

    static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("sequence", Sequence);
        json.WriteString("id", Id);
        json.WriteString("stream_id", StreamId);
        json.WriteString("stream_type", StreamType);
        json.WriteNumber("version", Version);
        json.WriteString("type", Type);
        json.WriteString("dotnet_type", DotnetType);
        json.WriteString("timestamp", Timestamp);
        json.WritePropertyName("data");
        json.WriteRawValue(Data, skipInputValidation: true);
        json.WriteString("correlation_id", CorrelationId);
        json.WriteString("causation_id", CausationId);
        json.WriteString("user_name", UserName);
        if (Headers is not null)
        {
            // Absent when the column is SQL null; a stored jsonb null is written as null and comes back as one.
            json.WritePropertyName("headers");
            json.WriteRawValue(Headers, skipInputValidation: true);
        }
        if (Stream is { } stream)
        {
            json.WriteStartObject("stream");
            json.WriteString("created", stream.Created);
            json.WriteString("timestamp", stream.Timestamp);
            json.WriteNumber("version", stream.Version);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>Parses one line; <paramref name="lineNumber"/> names the line in the error when it is not an event.</summary>
    public static ExportedEvent Parse(string line, long lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            var stream = e.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.Object
                ? new ExportedStream(s.GetProperty("created").GetDateTimeOffset(), s.GetProperty("timestamp").GetDateTimeOffset(),
                    s.GetProperty("version").GetInt64())
                : null;
            var data = e.GetProperty("data");
            if (data.ValueKind != JsonValueKind.Object) throw new FormatException("data must be a JSON object");
            return new ExportedEvent(
                e.GetProperty("sequence").GetInt64(), e.GetProperty("id").GetGuid(), e.GetProperty("stream_id").GetGuid(),
                OptionalString(e, "stream_type"), e.GetProperty("version").GetInt64(), e.GetProperty("type").GetString()!,
                OptionalString(e, "dotnet_type"), e.GetProperty("timestamp").GetDateTimeOffset(), data.GetRawText(),
                OptionalString(e, "correlation_id"), OptionalString(e, "causation_id"), OptionalString(e, "user_name"),
                e.TryGetProperty("headers", out var h) ? h.GetRawText() : null,
                stream);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException(
                $"Line {lineNumber.ToString(CultureInfo.InvariantCulture)} is not an exported event: {ex.Message}", ex);
        }
    }

    static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}

/// <summary>A stream's row of <c>mt_streams</c> as exported: when it was created, last changed, and its final version.</summary>
public sealed record ExportedStream(DateTimeOffset Created, DateTimeOffset Timestamp, long Version);
