using System.Text.Json.Nodes;
using CloudNet.History.Holdings;
using Marten;
using Npgsql;

namespace CloudNet.History.Replay;

/// <summary>
/// Compares the read models of two stores on one database, row by row: every projected document table by id (its
/// jsonb data and version; not <c>mt_last_modified</c>, which a rebuild sets to its own time and no GET shows) and
/// <c>address_holdings</c> by its key (network, address, holder) and every other column. Prints each difference.
/// </summary>
public sealed class ReadModelDiff(NpgsqlConnection connection, TextWriter log)
{
    public int Rows { get; private set; }

    public int Differences { get; private set; }

    public async Task CompareAsync(IDocumentStore live, IDocumentStore rebuilt, CancellationToken ct)
    {
        foreach (var type in ((StoreOptions)live.Options).Projections.AllPublishedTypes().Distinct().OrderBy(t => t.Name))
            await CompareDocumentsAsync(
                live.Options.FindOrResolveDocumentType(type).TableName.QualifiedName,
                rebuilt.Options.FindOrResolveDocumentType(type).TableName.QualifiedName, ct);
        await CompareHoldingsAsync($"{live.Options.DatabaseSchemaName}.{AddressHoldingsProjection.TableName}",
            $"{rebuilt.Options.DatabaseSchemaName}.{AddressHoldingsProjection.TableName}", ct);
    }

    async Task CompareDocumentsAsync(string live, string rebuilt, CancellationToken ct)
    {
        await CountAsync(live, ct);
        await using var command = new NpgsqlCommand($"""
            select coalesce(l.id, r.id)::text, l.id is not null, r.id is not null, l.data::text, r.data::text, l.mt_version, r.mt_version
            from {live} l full join {rebuilt} r on r.id = l.id
            where l.id is null or r.id is null or l.data <> r.data or l.mt_version <> r.mt_version
            order by 1
            """, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (id, inLive, inRebuilt) = (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2));
            if (!inRebuilt) Report(live, id, "only in the live read model: the events do not make it");
            else if (!inLive) Report(live, id, "only in the rebuild: missing from the live read model");
            else
            {
                var details = JsonDifference.Between(JsonNode.Parse(reader.GetString(3)), JsonNode.Parse(reader.GetString(4)));
                if (reader.GetInt64(5) != reader.GetInt64(6)) details.Add($"version: live {reader.GetInt64(5)}, rebuilt {reader.GetInt64(6)}");
                Report(live, id, string.Join("; ", details));
            }
        }
    }

    async Task CompareHoldingsAsync(string live, string rebuilt, CancellationToken ct)
    {
        await CountAsync(live, ct);
        // The key columns once, the rest of each side's row as JSON (column: value) for a column-by-column report.
        await using var command = new NpgsqlCommand($"""
            select coalesce(l.network_id, r.network_id)::text, host(coalesce(l.address, r.address)), coalesce(l.holder_id, r.holder_id)::text,
                   l.network_id is not null, r.network_id is not null,
                   (to_jsonb(l) - 'network_id' - 'address' - 'holder_id')::text, (to_jsonb(r) - 'network_id' - 'address' - 'holder_id')::text
            from {live} l full join {rebuilt} r
              on r.network_id = l.network_id and r.address = l.address and r.holder_id = l.holder_id
            where l.network_id is null or r.network_id is null or to_jsonb(l) <> to_jsonb(r)
            order by 1, coalesce(l.address, r.address), 3
            """, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = $"network {reader.GetString(0)} address {reader.GetString(1)} holder {reader.GetString(2)}";
            if (!reader.GetBoolean(4)) Report(live, key, "only in the live read model: the events do not make it");
            else if (!reader.GetBoolean(3)) Report(live, key, "only in the rebuild: missing from the live read model");
            else Report(live, key, string.Join("; ", JsonDifference.Between(JsonNode.Parse(reader.GetString(5)), JsonNode.Parse(reader.GetString(6)))));
        }
    }

    async Task CountAsync(string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select count(*) from {table}", connection);
        Rows += (int)(long)(await command.ExecuteScalarAsync(ct))!;
    }

    void Report(string table, string row, string what)
    {
        Differences++;
        log.WriteLine($"difference: {table} {row}: {what}");
    }
}
