using Marten;
using Npgsql;
using NpgsqlTypes;

namespace CloudNet.Compute.Limits;

/// <summary>The rule that refused a request and the window it refused it in.</summary>
public sealed record RateRefusal(RateLimitRule Rule, RateWindow Window);

/// <summary>
/// Per-tenant request counters in PostgreSQL, so that every instance of the service on one database counts
/// the same requests. They run on a connection of their own, never inside a request's Marten session: the
/// count stands whatever the endpoint then does (a 404 counts, as Rackspace counts requests).
/// </summary>
public sealed class RateCounters(IDocumentStore store)
{
    readonly string table = RateCounterSchema.Qualified(store.Options.DatabaseSchemaName);

    /// <summary>
    /// Counts one request against every rule it matched, or against none: a request refused by any rule counts
    /// nowhere, so a client that keeps hammering a full window spends nothing and is served as soon as the window
    /// ends. Each upsert only increments below the limit (a row at the limit is left alone and returns no row);
    /// with several rules the upserts share a transaction that is rolled back when any of them refused.
    /// </summary>
    /// <returns>null when the request may proceed; otherwise the refusing rule whose window ends last.</returns>
    public async Task<RateRefusal?> HitAsync(string tenantId, IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken ct)
    {
        // One order for every request, so two transactions never wait on each other's rows crosswise.
        var ordered = rules.OrderBy(rule => rule.Key, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0) return null;

        await using var connection = await OpenAsync(ct);
        await using var transaction = ordered.Count > 1 ? await connection.BeginTransactionAsync(ct) : null;
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var rule in ordered)
        {
            var hit = new NpgsqlBatchCommand($"""
                INSERT INTO {table} AS c (tenant_id, limit_key, window_start, hits) VALUES ($1, $2, $3, 1)
                ON CONFLICT (tenant_id, limit_key, window_start) DO UPDATE SET hits = c.hits + 1
                WHERE c.hits < $4
                RETURNING hits
                """);
            hit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            hit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = rule.Key });
            hit.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = rule.WindowAt(now).Start, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            hit.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rule.Value });
            batch.BatchCommands.Add(hit);
        }

        var counts = new List<int?>(ordered.Count);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            do counts.Add(await reader.ReadAsync(ct) ? reader.GetInt32(0) : null);
            while (await reader.NextResultAsync(ct));
        }

        var refusals = ordered.Zip(counts).Where(x => x.Second is null)
            .Select(x => new RateRefusal(x.First, x.First.WindowAt(now))).ToList();
        if (refusals.Count > 0)
        {
            if (transaction is not null) await transaction.RollbackAsync(ct);
            return refusals.MaxBy(r => r.Window.End);
        }

        if (transaction is not null) await transaction.CommitAsync(ct);
        var opened = ordered.Zip(counts).Where(x => x.Second == 1).Select(x => x.First).ToList();
        if (opened.Count > 0) await ForgetEndedWindowsAsync(connection, tenantId, opened, now, ct);
        return null;
    }

    /// <summary>This tenant's counts in the current window of each rule (absent: nothing counted yet).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CurrentAsync(string tenantId, IReadOnlyList<RateLimitRule> rules,
        DateTimeOffset now, CancellationToken ct)
    {
        var current = rules.ToDictionary(rule => (rule.Key, rule.WindowAt(now).Start), rule => rule.Key);
        var counts = new Dictionary<string, int>();
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT limit_key, window_start, hits FROM {table} WHERE tenant_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = (reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1));
            if (current.TryGetValue(key, out var rule)) counts[rule] = reader.GetInt32(2);
        }
        return counts;
    }

    /// <summary>The first request of a window clears the tenant's ended windows of that rule, so the table holds
    /// about one row per tenant and rule instead of one per minute ever used.</summary>
    async Task ForgetEndedWindowsAsync(NpgsqlConnection connection, string tenantId, IReadOnlyList<RateLimitRule> rules,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            DELETE FROM {table} AS c USING unnest($2::text[], $3::timestamptz[]) AS f(limit_key, window_start)
            WHERE c.tenant_id = $1 AND c.limit_key = f.limit_key AND c.window_start < f.window_start
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rules.Select(r => r.Key).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = rules.Select(r => r.WindowAt(now).Start).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}
