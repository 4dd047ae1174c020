using CloudNet.Admin.Faults.Adding;
using CloudNet.Admin.Faults.Injecting;
using CloudNet.Errors;
using CloudNet.Identity.Accounts;
using CloudNet.Replicas;
using Marten;
using Npgsql;

namespace CloudNet.Admin.Faults;

/// <summary>One firing of a rule, as <c>GET /_cloudnet/faults/{id}</c> lists it.</summary>
public sealed record FaultFiring(long Sequence, string RequestId, string Method, string Path, int? Status, int? DelayMs, DateTimeOffset At,
    bool AfterWrite, bool Dropped);

/// <summary>
/// What the admin API and the command line do to fault rules, on a session the caller commits: the same events and the
/// same checks whichever way a rule is made or removed. Every change also moves <see cref="FaultRuleVersion"/> in the
/// same transaction, which is how the other instances learn of it.
/// </summary>
public static class FaultRules
{
    /// <summary>How many firings a rule's page shows at most: the latest ones (<see cref="FaultRule.Fired"/> counts them all).</summary>
    public const int FiringsShown = 100;

    public static async Task<FaultRule> AddAsync(IDocumentSession session, AccountDirectory accounts, FaultRuleSpec spec, string by,
        DateTimeOffset now, CancellationToken ct)
    {
        spec.Check(await TenantExistsAsync(session, accounts, spec.TenantId, ct));
        var added = spec.ToEvent(Guid.CreateVersion7(now), by, now);
        session.Events.StartStream<FaultRule>(added.RuleId, added);
        FaultRuleVersion.QueueBump(session);
        return FaultRule.Create(added);
    }

    /// <summary>Removes one rule; refused with 404 when there is no such rule or it was removed already.</summary>
    public static async Task<FaultRule> RemoveAsync(IDocumentSession session, Guid id, string by, DateTimeOffset now, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<FaultRule>(id, ct);
        if (stream.Aggregate is not { RemovedAt: null } rule) throw NotFound(id);
        var removed = new FaultRuleRemoved(id, rule.TenantId, by, now);
        stream.AppendOne(removed);
        FaultRuleVersion.QueueBump(session);
        return rule.Apply(removed);
    }

    /// <summary>Removes every rule of the tenant that is not removed yet (used-up counted rules too); returns them.</summary>
    public static async Task<IReadOnlyList<FaultRule>> ClearAsync(IDocumentSession session, string tenantId, string by, DateTimeOffset now,
        CancellationToken ct)
    {
        var rules = await session.Query<FaultRule>().Where(r => r.TenantId == tenantId && r.RemovedAt == null).ToListAsync(ct);
        var removed = new List<FaultRule>(rules.Count);
        foreach (var rule in rules.OrderBy(r => r.CreatedAt))
        {
            var stream = await session.Events.FetchForWriting<FaultRule>(rule.Id, ct);
            if (stream.Aggregate is not { RemovedAt: null } current) continue;
            var e = new FaultRuleRemoved(rule.Id, tenantId, by, now);
            stream.AppendOne(e);
            removed.Add(current.Apply(e));
        }
        if (removed.Count > 0) FaultRuleVersion.QueueBump(session);
        return removed;
    }

    /// <summary>The rules, oldest first: a tenant's or everyone's; removed ones only when asked for.</summary>
    public static async Task<IReadOnlyList<FaultRule>> ListAsync(IQuerySession session, string? tenantId, bool includeRemoved, CancellationToken ct)
    {
        IQueryable<FaultRule> query = session.Query<FaultRule>();
        if (!string.IsNullOrEmpty(tenantId)) query = query.Where(r => r.TenantId == tenantId);
        if (!includeRemoved) query = query.Where(r => r.RemovedAt == null);
        var rules = await query.ToListAsync(ct);
        return rules.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToList();
    }

    public static async Task<FaultRule> FindAsync(IQuerySession session, string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var ruleId)) throw NotFound(id);
        return await session.LoadAsync<FaultRule>(ruleId, ct) ?? throw NotFound(ruleId);
    }

    /// <summary>
    /// The rule's latest firings, oldest first, read from its stream (an index lookup by stream id): each request it
    /// answered, with that request's id and time.
    /// </summary>
    public static async Task<IReadOnlyList<FaultFiring>> FiringsAsync(IQuerySession session, Guid ruleId, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        await using var command = new NpgsqlCommand($"""
            select seq_id, data ->> 'RequestId', data ->> 'Method', data ->> 'Path', (data ->> 'Status')::int, (data ->> 'DelayMs')::int, timestamp,
                   coalesce((data ->> 'AfterWrite')::boolean, false), coalesce((data ->> 'Dropped')::boolean, false)
            from {schema}.mt_events where stream_id = $1 and type = $2
            order by seq_id desc limit {FiringsShown}
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ruleId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Configuration.FaultInjectedType });
        var firings = new List<FaultFiring>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            firings.Add(new FaultFiring(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetBoolean(7), reader.GetBoolean(8)));
        firings.Reverse();
        return firings;
    }

    /// <summary>A tenant of this deployment: a configured account's, or one made through the admin API (a fork too).</summary>
    static async Task<bool> TenantExistsAsync(IQuerySession session, AccountDirectory accounts, string? tenantId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(tenantId)) return false;
        var id = tenantId.Trim();
        return accounts.All.Any(a => a.TenantId == id) || await session.Query<StoredAccount>().AnyAsync(a => a.TenantId == id, ct);
    }

    static Rejection NotFound(object id) => Rejection.NotFound($"No fault rule {id}.", "FaultRuleNotFound");
}
