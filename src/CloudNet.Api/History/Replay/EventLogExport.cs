using System.Data;
using System.Text.Encodings.Web;
using System.Text.Json;
using Marten;
using Npgsql;

namespace CloudNet.History.Replay;

/// <summary>
/// Writes the event log as JSON lines: a header (<see cref="ExportedLogHeader"/>: how many events follow), then one event
/// per line in sequence order (<see cref="ExportedEvent"/>). One query read row by row: Npgsql hands rows over as they
/// arrive, so memory stays flat whatever the length of the log; header and events come from one snapshot (a repeatable
/// read transaction), consistent even while the service keeps writing.
/// </summary>
public static class EventLogExport
{
    public static async Task<long> WriteAsync(IDocumentStore store, Stream output, TextWriter log, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // One snapshot for the header's count and the events that follow it.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var header = await HeaderAsync(connection, transaction, schema, ct);
        await using var command = new NpgsqlCommand(ExportedEvent.Query(schema), connection, transaction) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);

        var buffered = new BufferedStream(output, 1 << 16);
        // Relaxed escaping: the file is data for import and for people, never embedded in HTML.
        await using var json = new Utf8JsonWriter(buffered, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        header.Write(json);
        json.Flush();
        buffered.WriteByte((byte)'\n');
        json.Reset();
        var progress = new ProgressLine(log, "export", total: header.Events);
        long count = 0;
        while (await reader.ReadAsync(ct))
        {
            ExportedEvent.Read(reader).Write(json);
            json.Flush();
            buffered.WriteByte((byte)'\n');
            json.Reset();
            progress.Report(++count);
        }
        await buffered.FlushAsync(ct);
        progress.Done(count);
        return count;
    }

    static async Task<ExportedLogHeader> HeaderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select count(*), coalesce(max(seq_id), 0) from {schema}.mt_events", connection, transaction)
        {
            CommandTimeout = 0,
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ExportedLogHeader(ExportedLogHeader.CurrentFormat, schema, reader.GetInt64(0), reader.GetInt64(1), DateTimeOffset.UtcNow);
    }
}
