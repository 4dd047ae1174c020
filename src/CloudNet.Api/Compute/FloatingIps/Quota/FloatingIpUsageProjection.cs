using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CloudNet.Compute.FloatingIps.Quota;

/// <summary>
/// How many floating IPs each tenant holds, kept by the events themselves so that the quota check reads one row
/// instead of counting the tenant's IPs (a count grows with what the tenant holds, and runs while the tenant's
/// allocations wait). Inline, so a tenant's next allocation sees the last one; rebuilt from the events like every
/// read model, so a reset, a fork or an import keeps it right without code of its own.
/// </summary>
/// <remarks>
/// <see cref="FloatingIpReleased"/> does not name the tenant, so the projection keeps each live IP's tenant too
/// (<c>floating_ip_owners</c>) and the release finds it there, in the same statement. Increments and decrements
/// commute, so the order in which a rebuild applies the streams does not matter.
/// </remarks>
public sealed partial class FloatingIpUsageProjection : EventProjection
{
    public const string UsageTable = "floating_ip_usage";
    public const string OwnersTable = "floating_ip_owners";
    readonly string usage;
    readonly string owners;

    public FloatingIpUsageProjection(string schema)
    {
        var usageTable = new Table(new PostgresqlObjectName(schema, UsageTable, SchemaUtils.IdentifierUsage.General));
        usageTable.AddColumn("tenant_id", "text").AsPrimaryKey();
        usageTable.AddColumn("held", "integer").NotNull();
        var ownersTable = new Table(new PostgresqlObjectName(schema, OwnersTable, SchemaUtils.IdentifierUsage.General));
        ownersTable.AddColumn("floating_ip_id", "uuid").AsPrimaryKey();
        ownersTable.AddColumn("tenant_id", "text").NotNull();
        usage = usageTable.Identifier.QualifiedName;
        owners = ownersTable.Identifier.QualifiedName;
        SchemaObjects.Add(usageTable);
        SchemaObjects.Add(ownersTable);
        Options.DeleteDataInTableOnTeardown(usage);
        Options.DeleteDataInTableOnTeardown(owners);
    }

    public void Project(IEvent<FloatingIpAllocated> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand(
            $"with owned as (insert into {owners} (floating_ip_id, tenant_id) values (?, ?) returning tenant_id) " +
            $"insert into {usage} as u (tenant_id, held) select tenant_id, 1 from owned " +
            "on conflict (tenant_id) do update set held = u.held + 1",
            e.Data.FloatingIpId, e.Data.TenantId);

    public void Project(IEvent<FloatingIpReleased> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand(
            $"with gone as (delete from {owners} where floating_ip_id = ? returning tenant_id) " +
            $"update {usage} set held = held - 1 where tenant_id in (select tenant_id from gone)",
            e.Data.FloatingIpId);
}
