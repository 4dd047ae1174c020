using System.Data;
using System.Text;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Storage;
using Npgsql;

namespace CloudNet.History.Holdings;

/// <summary>
/// How <c>address_holdings</c> is rebuilt: the daemon's "optimized replay" of a projection (an
/// <see cref="IReplayExecutor"/>, which Marten's daemon runs instead of its page-by-page replay when a projection's
/// execution offers one). Page by page, the daemon loaded every page of these events as Marten events (a
/// <see cref="JasperFx.Events.IEvent"/> per event, its metadata read and its data deserialized on the loading thread)
/// and committed each page with its progress: on a log of 100,000 events that was about 60,000 events and 4 to 5 s,
/// the longest of all read models (docs/performance.md, "Rebuild"). Here the same events are read in
/// chunks of <see cref="ChunkSize"/> with a plain query (only the columns the intervals need), deserialized with the
/// store's own serializer, and go through the very <see cref="HoldingChanges"/> the inline projection uses, a chunk at a
/// time, in one transaction: the same rows, or the same refusal.
/// </summary>
/// <remarks>
/// Reads up to the highest sequence in the log when it starts, like Marten's own optimized replays; the service is
/// stopped during a rebuild (docs/replay.md), so that is the daemon's high-water mark too.
/// </remarks>
sealed class AddressHoldingsReplay(IDocumentStore store, IMartenDatabase database, string table, Microsoft.Extensions.Logging.ILogger logger)
    : IReplayExecutor
{
    public const int ChunkSize = 20_000;

    public async Task StartAsync(SubscriptionExecutionRequest request, ISubscriptionController controller, CancellationToken ct)
    {
        var options = (StoreOptions)store.Options;
        var schema = options.Events.DatabaseSchemaName;
        var serializer = options.Serializer();
        var graph = (Marten.Events.EventGraph)options.Events;
        var types = HoldingChanges.EventTypes.ToDictionary(t => graph.EventMappingFor(t).EventTypeName);

        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

        long ceiling;
        await using (var max = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events", connection, transaction))
            ceiling = (long)(await max.ExecuteScalarAsync(ct))!;

        var floor = request.Floor;
        long events = 0;
        while (floor < ceiling)
        {
            var changes = new HoldingChanges();
            var read = 0;
            await using (var select = new NpgsqlCommand(
                             "select seq_id, type, stream_id, timestamp, correlation_id, user_name, data " +
                             $"from {schema}.mt_events where seq_id > $1 and seq_id <= $2 and type = any($3) and is_archived = false " +
                             $"order by seq_id limit {ChunkSize}", connection, transaction))
            {
                select.Parameters.Add(new NpgsqlParameter { Value = floor });
                select.Parameters.Add(new NpgsqlParameter { Value = ceiling });
                select.Parameters.Add(new NpgsqlParameter { Value = types.Keys.ToArray() });
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    read++;
                    floor = reader.GetInt64(0);
                    var data = serializer.FromJson(types[reader.GetString(1)], reader, 6);
                    changes.Add(data, reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5));
                }
            }
            if (read < ChunkSize) floor = ceiling;
            events += read;

            foreach (var (sql, parameters) in changes.Statements(table))
            {
                await using var write = new NpgsqlCommand(Positional(sql), connection, transaction);
                foreach (var value in parameters) write.Parameters.Add(new NpgsqlParameter { Value = value });
                await write.ExecuteNonQueryAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Rebuilt {Table} from {Events} events in one pass, up to sequence {Ceiling}", table, events, ceiling);
        await controller.MarkSuccessAsync(ceiling);
    }

    /// <summary>The <c>?</c> of <see cref="HoldingChanges.Statements"/> as Npgsql's <c>$1</c>, <c>$2</c>, …</summary>
    internal static string Positional(string sql)
    {
        var text = new StringBuilder(sql.Length + 16);
        var n = 0;
        foreach (var c in sql)
            if (c == '?') text.Append('$').Append(++n);
            else text.Append(c);
        return text.ToString();
    }
}
