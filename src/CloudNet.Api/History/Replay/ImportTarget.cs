using CloudNet.Ipam;
using CloudNet.Networks;
using Npgsql;

namespace CloudNet.History.Replay;

/// <summary>
/// What <c>history-import</c> accepts as an empty store: no event at all (a database the service never started on),
/// or only the events with which the service seeds the well-known networks at its first start. Those are removed
/// before the import: the imported log carries its own (with its own time stamps and, if configured differently,
/// its own subnets). Anything else (a command's event, a lease) means the store is in use and the import refuses,
/// rather than mix two histories.
/// </summary>
public sealed class ImportTarget(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema)
{
    const string SeedingRequest = "startup"; // WellKnownNetworkSeeding's correlation id

    static readonly Guid[] SeededStreams = [NetworkKeys.StreamId(WellKnownNetworks.PublicNet), NetworkKeys.StreamId(WellKnownNetworks.ServiceNet)];

    /// <summary>Locks the event tables against writers until the import commits, then checks that the store is empty;
    /// throws <see cref="ImportRefused"/> when it is not. Returns the number of seeding events found.</summary>
    public async Task<long> EnsureEmptyAsync(CancellationToken ct)
    {
        await ExecuteAsync($"lock table {schema}.mt_streams, {schema}.mt_events in exclusive mode", ct);

        await using (var command = Command($"""
            select seq_id, type, timestamp, correlation_id from {schema}.mt_events
            where not (stream_id = any($1) and correlation_id = '{SeedingRequest}')
            order by seq_id limit 1
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = SeededStreams });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                throw new ImportRefused(
                    $"The store (schema {schema}) already holds events, e.g. #{reader.GetInt64(0)} {reader.GetString(1)} at " +
                    $"{reader.GetFieldValue<DateTimeOffset>(2):O} (request {(reader.IsDBNull(3) ? "none" : reader.GetString(3))}). " +
                    "history-import only writes into an empty store: a new database, or one where the service has only seeded " +
                    "the well-known networks at its first start.");
        }

        foreach (var table in new[] { IpamSchema.LeasesTable, IpamSchema.ScopesTable, IpamSchema.ReleasedTable, IpamSchema.ReservedTable })
            if (await ScalarAsync<bool>($"select exists (select 1 from {IpamSchema.Qualified(schema, table)})", ct))
                throw new ImportRefused($"The store (schema {schema}) has IPAM state ({table}) although it has no events; " +
                    "history-import only writes into an empty store.");

        return await ScalarAsync<long>($"select count(*) from {schema}.mt_events", ct);
    }

    /// <summary>Deletes the seeding events and their streams (within the import's transaction).</summary>
    public async Task RemoveSeedingAsync(CancellationToken ct)
    {
        await using var command = Command($"delete from {schema}.mt_streams where id = any($1)"); // events follow (on delete cascade)
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = SeededStreams });
        await command.ExecuteNonQueryAsync(ct);
    }

    NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    async Task<T> ScalarAsync<T>(string sql, CancellationToken ct)
    {
        await using var command = Command(sql);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>The import was refused before anything was written; the message says why.</summary>
public sealed class ImportRefused(string message) : Exception(message);
