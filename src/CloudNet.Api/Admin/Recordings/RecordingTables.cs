using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CloudNet.Admin.Recordings;

/// <summary>A tenant's current (or last) recording, as the <c>recordings</c> table holds it.</summary>
public sealed record RecordingRow(string TenantId, Guid RecordingId, string State, int Entries, long Bytes, int MaxEntries, long MaxBytes,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>
/// Where recordings live, beside the events in PostgreSQL (so every instance records into them and they survive restarts):
/// <c>recordings</c>, one row per tenant (its latest recording, with its counters and bounds), and <c>recording_entries</c>,
/// the HAR entries of each recording in the order they were answered. Requests are not events: they are traffic, kept only
/// while the tenant's next recording does not replace them. The bounds are checked in the statement that stores an entry,
/// so two instances recording one tenant at once never store more than the bound.
/// </summary>
public static class RecordingTables
{
    public const string Recordings = "recordings";
    public const string Entries = "recording_entries";

    public static StoreOptions AddRecordingTables(this StoreOptions options)
    {
        var recordings = new Table(Name(options.DatabaseSchemaName, Recordings));
        recordings.AddColumn("tenant_id", "text").AsPrimaryKey();
        recordings.AddColumn("recording_id", "uuid").NotNull();
        recordings.AddColumn("state", "text").NotNull();
        recordings.AddColumn("entries", "integer").NotNull();
        recordings.AddColumn("bytes", "bigint").NotNull();
        recordings.AddColumn("max_entries", "integer").NotNull();
        recordings.AddColumn("max_bytes", "bigint").NotNull();
        recordings.AddColumn("started_at", "timestamp with time zone").NotNull();
        recordings.AddColumn("ended_at", "timestamp with time zone");
        options.Storage.ExtendedSchemaObjects.Add(recordings);

        var entries = new Table(Name(options.DatabaseSchemaName, Entries));
        entries.AddColumn("recording_id", "uuid").AsPrimaryKey();
        entries.AddColumn("number", "integer").AsPrimaryKey();
        entries.AddColumn("request_id", "text").NotNull();
        entries.AddColumn("entry", "text").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(entries);
        return options;
    }

    /// <summary>In the session's transaction: the tenant's new recording replaces its last one, whose entries go.</summary>
    public static void QueueStart(IDocumentSession session, RecordingStarted started)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        session.QueueSqlCommand($"delete from {Qualified(schema, Entries)} where recording_id in (select recording_id from {Qualified(schema, Recordings)} where tenant_id = ?)",
            started.TenantId);
        session.QueueSqlCommand($"""
            insert into {Qualified(schema, Recordings)} as r (tenant_id, recording_id, state, entries, bytes, max_entries, max_bytes, started_at, ended_at)
            values (?, ?, '{RecordingState.Recording}', 0, 0, ?, ?, ?, null)
            on conflict (tenant_id) do update set recording_id = excluded.recording_id, state = excluded.state, entries = 0, bytes = 0,
                max_entries = excluded.max_entries, max_bytes = excluded.max_bytes, started_at = excluded.started_at, ended_at = null
            """, started.TenantId, started.RecordingId, started.MaxEntries, started.MaxBytes, started.At);
    }

    /// <summary>In the session's transaction: the recording takes no more entries.</summary>
    public static void QueueEnd(IDocumentSession session, string tenantId, Guid recordingId, string state, DateTimeOffset at) =>
        session.QueueSqlCommand($"update {Qualified(session.DocumentStore.Options.DatabaseSchemaName, Recordings)} set state = ?, ended_at = ? where tenant_id = ? and recording_id = ?",
            state, at, tenantId, recordingId);

    public static async Task<RecordingRow?> ReadAsync(IDocumentStore store, string tenantId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(store, ct);
        await using var command = new NpgsqlCommand($"""
            select tenant_id, recording_id, state, entries, bytes, max_entries, max_bytes, started_at, ended_at
            from {Qualified(store.Options.DatabaseSchemaName, Recordings)} where tenant_id = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Row(reader) : null;
    }

    /// <summary>The tenants being recorded now, with their recording.</summary>
    public static async Task<Dictionary<string, Guid>> ActiveAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var connection = await OpenAsync(store, ct);
        await using var command = new NpgsqlCommand(
            $"select tenant_id, recording_id from {Qualified(store.Options.DatabaseSchemaName, Recordings)} where state = '{RecordingState.Recording}'", connection);
        var active = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) active[reader.GetString(0)] = reader.GetGuid(1);
        return active;
    }

    /// <summary>
    /// Stores one entry if the recording is still recording and within its bounds; returns its number, or null when it was not
    /// stored (the recording ended meanwhile, or this entry would pass a bound).
    /// </summary>
    public static async Task<int?> AppendAsync(IDocumentStore store, string tenantId, Guid recordingId, string requestId, string entry,
        CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = await OpenAsync(store, ct);
        await using var command = new NpgsqlCommand($"""
            with taken as (
                update {Qualified(schema, Recordings)} set entries = entries + 1, bytes = bytes + $3
                where tenant_id = $1 and recording_id = $2 and state = '{RecordingState.Recording}' and entries < max_entries and bytes + $3 <= max_bytes
                returning entries)
            insert into {Qualified(schema, Entries)} (recording_id, number, request_id, entry)
            select $2, entries, $4, $5 from taken
            returning number
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = recordingId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = System.Text.Encoding.UTF8.GetByteCount(entry) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = requestId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry });
        return await command.ExecuteScalarAsync(ct) is int number ? number : null;
    }

    /// <summary>Marks a recording that is still recording as full; its row as it then is, or null when another instance (or a
    /// stop) ended it first.</summary>
    public static async Task<RecordingRow?> MarkFullAsync(IDocumentStore store, string tenantId, Guid recordingId, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await OpenAsync(store, ct);
        await using var command = new NpgsqlCommand($"""
            update {Qualified(store.Options.DatabaseSchemaName, Recordings)} set state = '{RecordingState.Full}', ended_at = $3
            where tenant_id = $1 and recording_id = $2 and state = '{RecordingState.Recording}'
            returning tenant_id, recording_id, state, entries, bytes, max_entries, max_bytes, started_at, ended_at
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = recordingId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Row(reader) : null;
    }

    /// <summary>The recording's entries (HAR entry JSON and request id), in the order they were stored.</summary>
    public static async IAsyncEnumerable<(string RequestId, string Entry)> EntriesAsync(IDocumentStore store, Guid recordingId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenAsync(store, ct);
        await using var command = new NpgsqlCommand(
            $"select request_id, entry from {Qualified(store.Options.DatabaseSchemaName, Entries)} where recording_id = $1 order by number", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = recordingId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return (reader.GetString(0), reader.GetString(1));
    }

    static RecordingRow Row(NpgsqlDataReader reader) => new(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
        reader.GetInt64(4), reader.GetInt32(5), reader.GetInt64(6), reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));

    static async Task<NpgsqlConnection> OpenAsync(IDocumentStore store, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    static PostgresqlObjectName Name(string schema, string table) => new(schema, table, SchemaUtils.IdentifierUsage.General);

    static string Qualified(string schema, string table) => Name(schema, table).QualifiedName;
}
