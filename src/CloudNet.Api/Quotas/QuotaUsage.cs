using CloudNet.Replicas;
using Marten;
using Npgsql;

namespace CloudNet.Quotas;

/// <summary>What a tenant holds of each counted resource, as last committed (<see cref="QuotaUsageProjection"/>): the sum of its stripes.</summary>
public static class QuotaUsage
{
    /// <summary>No lock: it only words a refusal or answers a GET; <see cref="TakeQuota"/> decides, in the command's batch.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> HeldAsync(IQuerySession session, string tenantId, CancellationToken ct)
    {
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        await using var command = new NpgsqlCommand(
            $"select resource, sum(held)::int from {session.DocumentStore.Options.DatabaseSchemaName}.{QuotaUsageProjection.UsageTable} " +
            "where tenant_id = @tenant group by resource",
            connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        var held = QuotaResources.Counted.Concat(QuotaResources.CountedBeyondNeutron).ToDictionary(r => r, _ => 0);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) held[reader.GetString(0)] = reader.GetInt32(1);
        return held;
    }
}
