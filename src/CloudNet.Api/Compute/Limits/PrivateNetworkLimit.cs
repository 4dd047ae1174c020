using CloudNet.Errors;
using CloudNet.Networks;
using Marten;
using Npgsql;

namespace CloudNet.Compute.Limits;

/// <summary>
/// Rackspace's absolute limit <c>maxTotalPrivateNetworks</c>, enforced (when limits are on) on
/// <c>POST /os-networksv2</c> with nova's quota answer, 403 <c>forbidden</c>.
/// </summary>
public static class PrivateNetworkLimit
{
    /// <summary>
    /// Counts the tenant's networks in the session's transaction after taking a per-tenant lock that is held
    /// until that transaction ends, so parallel creates through <c>/os-networksv2</c> queue and each counts what
    /// the previous ones committed. Networks made at the same moment through <c>/v2.0/networks</c> or
    /// <c>/v1/{project}/subnets</c> (not limited, but counted) do not take the lock: the count can then be one
    /// short for that instant.
    /// </summary>
    public static async Task EnsureRoomAsync(IDocumentSession session, AccountLimits limits, string tenantId, CancellationToken ct)
    {
        if (!limits.Enabled) return;

        await session.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", session.Connection))
        {
            command.Parameters.AddWithValue("key", $"{session.DocumentStore.Options.DatabaseSchemaName}:private-networks:{tenantId}");
            await command.ExecuteNonQueryAsync(ct);
        }

        var used = await session.Query<Network>().CountAsync(n => n.TenantId == tenantId, ct);
        if (used >= limits.MaxTotalPrivateNetworks)
            throw Rejection.Forbidden($"Quota exceeded for private networks: maxTotalPrivateNetworks is {limits.MaxTotalPrivateNetworks} " +
                $"and {used} are in use. Delete a network before creating another.", "OverQuota");
    }
}
