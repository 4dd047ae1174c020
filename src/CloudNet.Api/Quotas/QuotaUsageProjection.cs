using CloudNet.Compute.FloatingIps;
using CloudNet.Networks;
using CloudNet.Networks.Ports;
using CloudNet.Networks.Routers;
using CloudNet.Networks.SecurityGroups;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CloudNet.Quotas;

/// <summary>
/// How many of each counted resource (<see cref="QuotaResources.Counted"/>) each tenant holds, kept by the events themselves
/// so that a quota check reads one row instead of counting the tenant's resources (a count grows with what the tenant
/// holds, and runs while the tenant's other creates wait). Inline, so a tenant's next create sees the last one; rebuilt from
/// the events like every read model, so a reset, a fork or an import keeps it right without code of its own.
/// </summary>
/// <remarks>
/// The events that end a resource do not all name its tenant, nor does a subnet's creation, so the projection keeps each
/// live resource's tenant and parent (<c>quota_owners</c>) and finds them there, in the same statement: a subnet's
/// tenant is its network's, and a network's deletion ends its subnets with it, as a security group's ends its rules. Increments and decrements commute, so the
/// order in which a rebuild applies different streams does not matter (a subnet's creation follows its network's in one stream).
/// <para>
/// A tenant's count of a resource is spread over <see cref="Stripes"/> rows, a resource counted in the stripe of its id
/// (<see cref="StripeOf"/>, computed in SQL, so a rebuild, a reset, a fork or an import lands in the same stripes as the
/// create did): concurrent creates of one tenant then lock different rows until their COMMIT instead of all queueing on
/// one (docs/performance.md, issue 18). Each stripe row also holds the allowance <see cref="TakeQuota"/> dealt it and the
/// limit it was dealt for; the projection only moves <c>held</c>.
/// </para>
/// </remarks>
public sealed partial class QuotaUsageProjection : EventProjection
{
    public const string UsageTable = "quota_usage";
    public const string OwnersTable = "quota_owners";
    public const string TakeFunction = "take_quota";
    public const int Stripes = 16;

    /// <summary>The stripe a resource of this id is counted in, as SQL over a uuid expression.</summary>
    public static string StripeOf(string idExpression) => $"(hashtext(({idExpression})::text) & {Stripes - 1})";
    readonly string usage;
    readonly string owners;

    public QuotaUsageProjection(string schema)
    {
        var usageTable = new Table(new PostgresqlObjectName(schema, UsageTable, SchemaUtils.IdentifierUsage.General));
        usageTable.AddColumn("tenant_id", "text").AsPrimaryKey();
        usageTable.AddColumn("resource", "text").AsPrimaryKey();
        // Added to tables made before stripes with the default: a tenant's old single row becomes its stripe 0.
        usageTable.AddColumn("stripe", "integer").AsPrimaryKey().DefaultValueByExpression("0");
        usageTable.AddColumn("held", "integer").NotNull();
        usageTable.AddColumn("allowance", "integer").NotNull().DefaultValueByExpression("0");
        usageTable.AddColumn("allowance_limit", "integer");
        var ownersTable = new Table(new PostgresqlObjectName(schema, OwnersTable, SchemaUtils.IdentifierUsage.General));
        ownersTable.AddColumn("resource_id", "uuid").AsPrimaryKey();
        ownersTable.AddColumn("tenant_id", "text").NotNull();
        ownersTable.AddColumn("resource", "text").NotNull();
        ownersTable.AddColumn("parent_id", "uuid");
        ownersTable.Indexes.Add(new IndexDefinition($"ix_{OwnersTable}_parent_id") { Columns = ["parent_id"] });
        usage = usageTable.Identifier.QualifiedName;
        owners = ownersTable.Identifier.QualifiedName;
        SchemaObjects.Add(usageTable);
        SchemaObjects.Add(ownersTable);
        SchemaObjects.Add(Weasel.Postgresql.Functions.Function.ForSql(TakeQuota.FunctionSql(schema)));
        Options.DeleteDataInTableOnTeardown(usage);
        Options.DeleteDataInTableOnTeardown(owners);
    }

    public void Project(IEvent<FloatingIpAllocated> e, IDocumentOperations ops) =>
        Count(ops, e.Data.FloatingIpId, e.Data.TenantId, QuotaResources.FloatingIp, null);

    public void Project(IEvent<FloatingIpReleased> e, IDocumentOperations ops) => Uncount(ops, e.Data.FloatingIpId);

    public void Project(IEvent<NetworkCreated> e, IDocumentOperations ops)
    {
        if (e.Data.TenantId is { } tenant) Count(ops, e.Data.NetworkId, tenant, QuotaResources.Network, null);
    }

    public void Project(IEvent<NetworkDeleted> e, IDocumentOperations ops) => Uncount(ops, e.Data.NetworkId);

    public void Project(IEvent<SubnetCreated> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand(
            $"with owned as (insert into {owners} (resource_id, tenant_id, resource, parent_id) " +
            $"select ?, tenant_id, '{QuotaResources.Subnet}', resource_id from {owners} where resource_id = ? returning resource_id, tenant_id, resource) " +
            Increment,
            e.Data.Subnet.Id, e.Data.NetworkId);

    public void Project(IEvent<SubnetDeleted> e, IDocumentOperations ops) => Uncount(ops, e.Data.SubnetId);

    public void Project(IEvent<PortCreated> e, IDocumentOperations ops) =>
        Count(ops, e.Data.PortId, e.Data.TenantId, QuotaResources.Port, e.Data.NetworkId);

    public void Project(IEvent<PortDeleted> e, IDocumentOperations ops) => Uncount(ops, e.Data.PortId);

    public void Project(IEvent<RouterCreated> e, IDocumentOperations ops) => Count(ops, e.Data.RouterId, e.Data.TenantId, QuotaResources.Router, null);

    public void Project(IEvent<RouterDeleted> e, IDocumentOperations ops) => Uncount(ops, e.Data.RouterId);

    /// <summary>A group and the rules it is made with: each rule counts, as in Neutron.</summary>
    public void Project(IEvent<SecurityGroupCreated> e, IDocumentOperations ops)
    {
        Count(ops, e.Data.SecurityGroupId, e.Data.TenantId, QuotaResources.SecurityGroup, null);
        foreach (var rule in e.Data.Rules) Count(ops, rule.Id, e.Data.TenantId, QuotaResources.SecurityGroupRule, e.Data.SecurityGroupId);
        if (e.Data.IsDefault) Undeal(ops, e.Data.TenantId, QuotaResources.SecurityGroup, QuotaResources.SecurityGroupRule);
    }

    public void Project(IEvent<SecurityGroupRuleAdded> e, IDocumentOperations ops) =>
        Count(ops, e.Data.Rule.Id, e.Data.TenantId, QuotaResources.SecurityGroupRule, e.Data.SecurityGroupId);

    public void Project(IEvent<SecurityGroupRuleRemoved> e, IDocumentOperations ops) => Uncount(ops, e.Data.RuleId);

    public void Project(IEvent<SecurityGroupDeleted> e, IDocumentOperations ops) => Uncount(ops, e.Data.SecurityGroupId);

    public void Project(IEvent<Vpc.Vpcs.VpcCreated> e, IDocumentOperations ops) => Count(ops, e.Data.VpcId, e.Data.TenantId, QuotaResources.Vpc, null);

    public void Project(IEvent<Vpc.Vpcs.VpcDeleted> e, IDocumentOperations ops) => Uncount(ops, e.Data.VpcId);

    /// <summary>Counts what the statement's <c>owned</c> names into its stripe (a row made by the first one there).</summary>
    string Increment =>
        $"insert into {usage} as u (tenant_id, resource, stripe, held) select tenant_id, resource, {StripeOf("resource_id")}, 1 from owned " +
        "on conflict (tenant_id, resource, stripe) do update set held = u.held + 1";

    /// <summary>
    /// The project's <c>default</c> group is counted without a quota check (Neutron never refuses it), so it may land past
    /// its stripe's allowance; the tenant's allowances of these resources are then void, and the next create deals them
    /// again from the sum, which counts the group (else the other stripes' allowances would let the tenant past its limit).
    /// The stripes are locked in order, as <see cref="TakeQuota"/> locks them.
    /// </summary>
    void Undeal(IDocumentOperations ops, string tenantId, params string[] resources) =>
        ops.QueueSqlCommand(
            $"with dealt as (select resource, stripe from {usage} where tenant_id = ? and resource = any(?) order by resource, stripe for update) " +
            $"update {usage} u set allowance_limit = null from dealt where u.tenant_id = ? and u.resource = dealt.resource and u.stripe = dealt.stripe",
            tenantId, resources, tenantId);

    void Count(IDocumentOperations ops, Guid id, string tenantId, string resource, Guid? parent) =>
        ops.QueueSqlCommand(
            $"with owned as (insert into {owners} (resource_id, tenant_id, resource, parent_id) values (?, ?, ?, ?) returning resource_id, tenant_id, resource) " +
            Increment,
            id, tenantId, resource, parent ?? (object)DBNull.Value);

    /// <summary>Ends the resource, and what it takes with it: a network its subnets, a security group its rules.</summary>
    void Uncount(IDocumentOperations ops, Guid id) =>
        ops.QueueSqlCommand(
            $"with gone as (delete from {owners} where resource_id = ? or (parent_id = ? and resource in ('{QuotaResources.Subnet}', " +
            $"'{QuotaResources.SecurityGroupRule}')) returning resource_id, tenant_id, resource), " +
            $"counted as (select tenant_id, resource, {StripeOf("resource_id")} as stripe, count(*) as n from gone group by 1, 2, 3) " +
            $"update {usage} u set held = u.held - counted.n from counted " +
            "where u.tenant_id = counted.tenant_id and u.resource = counted.resource and u.stripe = counted.stripe",
            id, id);
}
