using Npgsql;

namespace CloudNet.History.Replay;

/// <summary>
/// The live event store's daemon bookkeeping (<c>mt_event_progression</c>, <c>mt_high_water_skips</c>), kept aside
/// and put back as it was. The verify rebuild reads the live events through Marten's daemon, which records its high
/// water mark and progress in the events schema; restoring the rows leaves the live projection progress untouched.
/// </summary>
public sealed class EventProgressSnapshot
{
    readonly string schema;
    readonly Dictionary<string, string> rows = [];

    EventProgressSnapshot(string schema) => this.schema = schema;

    static readonly string[] Tables = ["mt_event_progression", "mt_high_water_skips"];

    public static async Task<EventProgressSnapshot> TakeAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        var snapshot = new EventProgressSnapshot(schema);
        foreach (var table in await ExistingAsync(connection, schema, ct))
        {
            await using var command = new NpgsqlCommand($"select coalesce(jsonb_agg(to_jsonb(t)), '[]')::text from {schema}.{table} t", connection);
            snapshot.rows[table] = (string)(await command.ExecuteScalarAsync(ct))!;
        }
        return snapshot;
    }

    public async Task RestoreAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (table, json) in rows)
        {
            await using (var delete = new NpgsqlCommand($"delete from {schema}.{table}", connection, transaction))
                await delete.ExecuteNonQueryAsync(ct);
            await using var insert = new NpgsqlCommand(
                $"insert into {schema}.{table} select * from jsonb_populate_recordset(null::{schema}.{table}, $1::jsonb)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = json });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    static async Task<List<string>> ExistingAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select table_name::text from information_schema.tables where table_schema = $1 and table_name = any($2)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Tables });
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add(reader.GetString(0));
        return found;
    }
}
