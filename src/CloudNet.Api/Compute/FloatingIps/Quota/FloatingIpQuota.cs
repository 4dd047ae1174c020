using Marten;
using Npgsql;

namespace CloudNet.Compute.FloatingIps.Quota;

/// <summary>The floating IP quota of a tenant, shared by nova's and Neutron's routes.</summary>
public static class FloatingIpQuota
{
    /// <summary>How many floating IPs the tenant holds, as last committed; no lock, so only a first look.</summary>
    public static async Task<int> HeldAsync(IDocumentSession session, string tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select coalesce((select held from {Usage(session)} where tenant_id = @tenant), 0)", session.Connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// How many floating IPs the tenant holds, read with its usage row locked until the session's transaction ends.
    /// The quota is check-then-act: without the lock, parallel allocations would all read the same number and all
    /// pass. Allocations of one tenant queue here; each reads what the previous one committed, since
    /// <see cref="FloatingIpUsageProjection"/> counts the new IP in the same transaction.
    /// </summary>
    public static async Task<int> HeldLockedAsync(IDocumentSession session, string tenantId, CancellationToken ct)
    {
        // The no-op update locks an existing row exactly as the insert locks a new one.
        await using var command = new NpgsqlCommand(
            $"insert into {Usage(session)} as u (tenant_id, held) values (@tenant, 0) " +
            "on conflict (tenant_id) do update set held = u.held returning held", session.Connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    static string Usage(IDocumentSession session) =>
        $"{session.DocumentStore.Options.DatabaseSchemaName}.{FloatingIpUsageProjection.UsageTable}";
}
