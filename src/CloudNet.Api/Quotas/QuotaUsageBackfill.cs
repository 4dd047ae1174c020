using CloudNet.Networks;
using CloudNet.Networks.Ports;
using Marten;
using Npgsql;

namespace CloudNet.Quotas;

/// <summary>
/// Fills <see cref="QuotaUsageProjection"/>'s tables from the read models of a database made before that projection
/// existed (its tables then start empty while tenants hold resources, and every quota would read 0): the floating IPs,
/// the tenants' networks and their subnets, the ports and the VPCs. A kind of resource is filled only while the projection has no
/// owner row of that kind (a kind counted since an upgrade is filled on the first start after it), so it does nothing later.
/// </summary>
public sealed class QuotaUsageBackfill(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var owners = $"{schema}.{QuotaUsageProjection.OwnersTable}";
        var usage = $"{schema}.{QuotaUsageProjection.UsageTable}";
        string Table<T>() => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            with held as (
                select id as resource_id, data ->> 'TenantId' as tenant_id, '{QuotaResources.FloatingIp}' as resource, null::uuid as parent_id
                from {Table<Compute.FloatingIps.FloatingIp>()}
                union all
                select (data ->> 'NetworkId')::uuid, data ->> 'TenantId', '{QuotaResources.Network}', null from {Table<Network>()}
                where data ->> 'TenantId' is not null
                union all
                select (s ->> 'Id')::uuid, n.data ->> 'TenantId', '{QuotaResources.Subnet}', (n.data ->> 'NetworkId')::uuid
                from {Table<Network>()} n, jsonb_array_elements(n.data -> 'Subnets') s
                where n.data ->> 'TenantId' is not null
                union all
                select id, data ->> 'TenantId', '{QuotaResources.Port}', (data ->> 'NetworkId')::uuid from {Table<Port>()}
                union all
                select id, data ->> 'TenantId', '{QuotaResources.Vpc}', null from {Table<Vpc.Vpcs.Vpc>()}),
            missing as (select * from held h where not exists (select 1 from {owners} o where o.resource = h.resource)),
            owned as (insert into {owners} (resource_id, tenant_id, resource, parent_id) select * from missing on conflict do nothing)
            insert into {usage} as u (tenant_id, resource, stripe, held)
            select tenant_id, resource, {QuotaUsageProjection.StripeOf("resource_id")}, count(*) from missing group by 1, 2, 3
            on conflict (tenant_id, resource, stripe) do update set held = excluded.held
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
