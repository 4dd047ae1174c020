using CloudNet.Compute.QuotaSets;
using Marten;
using Npgsql;

namespace CloudNet.Compute.FloatingIps.Quota;

/// <summary>The floating IP quota of a tenant, shared by nova's and Neutron's routes.</summary>
public static class FloatingIpQuota
{
    /// <summary>
    /// How many floating IPs the tenant holds, as last committed. No lock, so it only words a refusal: parallel
    /// allocations would all read the same number and all pass; <see cref="TakeFloatingIpQuota"/> decides, in the batch.
    /// </summary>
    public static async Task<int> HeldAsync(IDocumentSession session, string tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select coalesce((select held from {Usage(session)} where tenant_id = @tenant), 0)", session.Connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The tenant's floating IP limit: what an admin set for it, else the configured default.</summary>
    public static async Task<int> LimitAsync(IQuerySession session, string tenantId, int defaultQuota, CancellationToken ct) =>
        await session.LoadAsync<QuotaSet>(QuotaSet.StreamIdOf(tenantId), ct) is { } set
        && set.Limits.TryGetValue(ComputeQuotas.FloatingIps, out var limit) ? limit : defaultQuota;

    /// <summary>The table of <see cref="QuotaSet"/> snapshots, for the quota check's SQL.</summary>
    public static string QuotaSetTable(IDocumentSession session) =>
        session.DocumentStore.Options.FindOrResolveDocumentType(typeof(QuotaSet)).TableName.QualifiedName;

    static string Usage(IDocumentSession session) =>
        $"{session.DocumentStore.Options.DatabaseSchemaName}.{FloatingIpUsageProjection.UsageTable}";
}
