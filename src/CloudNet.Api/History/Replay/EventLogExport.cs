using System.Text.Encodings.Web;
using System.Text.Json;
using Marten;
using Npgsql;

namespace CloudNet.History.Replay;

/// <summary>
/// Writes the event log as JSON lines, one event per line in sequence order (<see cref="ExportedEvent"/>). One
/// query read row by row: Npgsql hands rows over as they arrive, so memory stays flat whatever the length of the
/// log, and the single statement sees one consistent snapshot of the log even while the service keeps writing.
/// </summary>
public static class EventLogExport
{
    public static async Task<long> WriteAsync(IDocumentStore store, Stream output, TextWriter log, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(ExportedEvent.Query(schema), connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);

        var buffered = new BufferedStream(output, 1 << 16);
        // Relaxed escaping: the file is data for import and for people, never embedded in HTML.
        await using var json = new Utf8JsonWriter(buffered, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var progress = new ProgressLine(log, "export");
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
}
