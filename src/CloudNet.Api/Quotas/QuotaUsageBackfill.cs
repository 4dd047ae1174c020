using Marten;
using Npgsql;

namespace CloudNet.Compute.FloatingIps.Quota;

/// <summary>
/// Fills <see cref="FloatingIpUsageProjection"/>'s tables from the floating IPs of a database made before that
/// projection existed (its tables then start empty while tenants hold IPs, and every quota would read 0).
/// Does nothing once the projection has an owner row, or when no floating IP is held.
/// </summary>
public sealed class FloatingIpUsageBackfill(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var owners = $"{schema}.{FloatingIpUsageProjection.OwnersTable}";
        var usage = $"{schema}.{FloatingIpUsageProjection.UsageTable}";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            with held as (
                select id, data ->> 'TenantId' as tenant_id from {schema}.mt_doc_floatingip
                where not exists (select 1 from {owners})),
            owned as (insert into {owners} (floating_ip_id, tenant_id) select id, tenant_id from held on conflict do nothing)
            insert into {usage} as u (tenant_id, held) select tenant_id, count(*) from held group by tenant_id
            on conflict (tenant_id) do update set held = excluded.held
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
