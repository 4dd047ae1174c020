using System.Text;
using CloudNet.Compute.FloatingIps.Pools;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace CloudNet.History.Replay;

/// <summary>
/// Loads an exported event log (<see cref="EventLogExport"/>) into an empty store with every original id, version,
/// time stamp and metadata, then makes the store a working deployment: every read model rebuilt from the events,
/// and the write-side state that is not made of events (IPAM leases, cursors and released addresses, the MAC
/// sequence) derived from them. Events are written with PostgreSQL's binary COPY, a chunk at a time: the file is
/// read line by line and never held in memory.
/// </summary>
public static class EventLogImport
{
    const int Chunk = 5_000;

    /// <summary>The whole import: <see cref="LoadAsync"/>, then <see cref="FinishAsync"/>.</summary>
    public static async Task ImportAsync(IDocumentStore store, FloatingIpPools pools, Stream input, TextWriter log, CancellationToken ct)
    {
        await LoadAsync(store, input, log, ct);
        await FinishAsync(store, pools, log, ct);
    }

    /// <summary>
    /// Writes the events and their streams in one transaction, so a refused or broken file leaves the store as it
    /// was; the events sequence is moved past the last imported event so that new events follow it.
    /// </summary>
    public static async Task<long> LoadAsync(IDocumentStore store, Stream input, TextWriter log, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        // The tables must exist, as after the service's first start; a command-line host never starts, so do it here.
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var target = new ImportTarget(connection, transaction, schema);
        var seeding = await target.EnsureEmptyAsync(ct);
        if (seeding > 0)
        {
            await target.RemoveSeedingAsync(ct);
            log.WriteLine($"import: removed the {seeding} events that seeded the well-known networks; the imported log has its own");
        }

        var chunk = new List<ExportedEvent>(Chunk);
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var header = ExportedLogHeader.Parse(await reader.ReadLineAsync(ct) ?? "");
        var progress = new ProgressLine(log, "import", total: header.Events);
        long lines = 1, count = 0, last = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lines++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var e = ExportedEvent.Parse(line, lines);
            if (e.Sequence <= last)
                throw new InvalidDataException($"Line {lines}: sequence {e.Sequence} after {last}; an exported log is in sequence order.");
            last = e.Sequence;
            chunk.Add(e);
            if (chunk.Count < Chunk) continue;
            count += await WriteAsync(connection, schema, chunk, lines, ct);
            progress.Report(count);
        }
        count += await WriteAsync(connection, schema, chunk, lines, ct);

        if (count != header.Events || last != header.LastSequence)
            throw new InvalidDataException($"The log is incomplete: its header announces {header.Events:N0} events up to sequence " +
                $"{header.LastSequence}, the file has {count:N0} up to {last} (cut short?); nothing was imported.");
        await EnsureCompleteAsync(connection, transaction, schema, ct);
        if (count > 0)
        {
            await using var sequence = new NpgsqlCommand(
                $"select setval('{schema}.mt_events_sequence', (select max(seq_id) from {schema}.mt_events))", connection, transaction);
            await sequence.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        // Fresh statistics for the planner: the rebuild that follows pages through mt_events by sequence, and right after
        // a bulk load PostgreSQL still believes the tables empty.
        await using (var analyze = new NpgsqlCommand($"analyze {schema}.mt_streams, {schema}.mt_events", connection) { CommandTimeout = 0 })
            await analyze.ExecuteNonQueryAsync(ct);
        progress.Done(count, "events and streams written");
        return count;
    }

    /// <summary>
    /// Rebuilds every read model and derives the write-side state. Idempotent, so an import interrupted after its
    /// load can be finished with <c>history-import --resume</c>.
    /// </summary>
    public static async Task FinishAsync(IDocumentStore store, FloatingIpPools pools, TextWriter log, CancellationToken ct)
    {
        await ProjectionRebuild.RebuildAllAsync(store, log, ct);
        await WriteSideDerivation.DeriveAsync(store, pools, log, ct);
    }

    /// <summary>A chunk's new streams first (a stream's row travels on its first event's line), then its events.</summary>
    static async Task<long> WriteAsync(NpgsqlConnection connection, string schema, List<ExportedEvent> chunk, long lastLine, CancellationToken ct)
    {
        try
        {
            return await CopyAsync(connection, schema, chunk, ct);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidDataException(
                $"The log is not a whole export (in the lines up to {lastLine}: " +
                (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation
                    ? "an event of a stream whose first event is not in the file"
                    : "an event, stream or (stream, version) that appears twice") +
                $"); nothing was imported. PostgreSQL: {ex.MessageText}", ex);
        }
    }

    static async Task<long> CopyAsync(NpgsqlConnection connection, string schema, List<ExportedEvent> chunk, CancellationToken ct)
    {
        if (chunk.Count == 0) return 0;
        await using (var streams = await connection.BeginBinaryImportAsync(
            $"copy {schema}.mt_streams (id, type, version, timestamp, created) from stdin (format binary)", ct))
        {
            foreach (var e in chunk)
            {
                if (e.Stream is not { } stream) continue;
                await streams.StartRowAsync(ct);
                await streams.WriteAsync(e.StreamId, NpgsqlDbType.Uuid, ct);
                await WriteTextAsync(streams, e.StreamType, ct);
                await streams.WriteAsync(stream.Version, NpgsqlDbType.Bigint, ct);
                await streams.WriteAsync(stream.Timestamp, NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(stream.Created, NpgsqlDbType.TimestampTz, ct);
            }
            await streams.CompleteAsync(ct);
        }

        await using (var events = await connection.BeginBinaryImportAsync(
            $"copy {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, correlation_id, " +
            "causation_id, headers, user_name) from stdin (format binary)", ct))
        {
            foreach (var e in chunk)
            {
                await events.StartRowAsync(ct);
                await events.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, ct);
                await events.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await events.WriteAsync(e.StreamId, NpgsqlDbType.Uuid, ct);
                await events.WriteAsync(e.Version, NpgsqlDbType.Bigint, ct);
                await events.WriteAsync(e.Data, NpgsqlDbType.Jsonb, ct);
                await events.WriteAsync(e.Type, NpgsqlDbType.Varchar, ct);
                await events.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, ct);
                await WriteTextAsync(events, e.DotnetType, ct);
                await WriteTextAsync(events, e.CorrelationId, ct);
                await WriteTextAsync(events, e.CausationId, ct);
                if (e.Headers is null) await events.WriteNullAsync(ct);
                else await events.WriteAsync(e.Headers, NpgsqlDbType.Jsonb, ct);
                await WriteTextAsync(events, e.UserName, ct);
            }
            await events.CompleteAsync(ct);
        }
        var written = chunk.Count;
        chunk.Clear();
        return written;
    }

    static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, NpgsqlDbType.Varchar, ct);

    /// <summary>
    /// Every stream must have exactly the events its row announces (versions 1 to N): a file cut short, or with lines
    /// taken out, is refused rather than imported as a history that never happened.
    /// </summary>
    static async Task EnsureCompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select s.id, s.version, count(e.seq_id), coalesce(max(e.version), 0)
            from {schema}.mt_streams s left join {schema}.mt_events e on e.stream_id = s.id
            group by s.id, s.version
            having s.version <> count(e.seq_id) or s.version <> coalesce(max(e.version), 0)
            limit 5
            """, connection, transaction) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        var broken = new List<string>();
        while (await reader.ReadAsync(ct))
            broken.Add($"stream {reader.GetGuid(0)} announces version {reader.GetInt64(1)} but has {reader.GetInt64(2)} events up to version {reader.GetInt64(3)}");
        if (broken.Count > 0)
            throw new InvalidDataException($"The log is incomplete (cut short, or lines missing); nothing was imported: {string.Join("; ", broken)}.");
    }
}
