using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Networks;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CloudNet.History.Holdings;

/// <summary>
/// The temporal read model of address holdings: one row per interval in which one holder held one address of
/// one network (or floating pool), opened by the assignment and closed by the release. "Who held A at T" is an
/// index lookup on (address, network, from) whatever the length of the log. Inline, so the row is there when the
/// command's response is; rebuilt from the events like every other read model.
/// </summary>
/// <remarks>Only what an event carries when it is projected inline is stored (its time, request id and user; not
/// its global sequence, which an inline projection does not know yet), so a rebuild writes the same rows.</remarks>
/// <remarks>
/// A holder holds an address at most once in its life (ports, private IPs, shared IPs and floating IPs are
/// never re-addressed), so (network, address, holder) identifies an interval and the release can close it
/// without reading it first. The partial unique index refuses a second open interval of one address: the
/// database's own last line of defence against a double allocation, whatever the code above it does.
/// </remarks>
public sealed partial class AddressHoldingsProjection : EventProjection
{
    public const string TableName = "address_holdings";
    readonly string table;

    public AddressHoldingsProjection(string schema)
    {
        var definition = Table(schema);
        table = definition.Identifier.QualifiedName;
        SchemaObjects.Add(definition);
        Options.DeleteDataInTableOnTeardown(definition.Identifier.QualifiedName);
    }

    public static Table Table(string schema)
    {
        var t = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        t.AddColumn("network_id", "uuid").AsPrimaryKey();
        t.AddColumn("address", "inet").AsPrimaryKey();
        t.AddColumn("holder_id", "uuid").AsPrimaryKey();
        t.AddColumn("holder_kind", "text").NotNull();
        t.AddColumn("device_id", "uuid");
        t.AddColumn("tenant_id", "text").NotNull();
        t.AddColumn("from_at", "timestamp with time zone").NotNull();
        t.AddColumn("from_request", "text");
        t.AddColumn("from_user", "text");
        t.AddColumn("to_at", "timestamp with time zone");
        t.AddColumn("to_request", "text");
        t.AddColumn("to_user", "text");
        // "Who held A at T" reads the last interval of A (per network) that began by T: one descent of this index.
        t.Indexes.Add(new IndexDefinition($"ix_{TableName}_address_network_from") { Columns = ["address", "network_id", "from_at"] });
        t.Indexes.Add(new IndexDefinition($"ix_{TableName}_holder") { Columns = ["holder_id"] });
        t.Indexes.Add(new IndexDefinition($"ux_{TableName}_current")
        {
            Columns = ["network_id", "address"], IsUnique = true, Predicate = "to_at is null",
        });
        return t;
    }

    public void Project(IEvent<FloatingIpAllocated> e, IDocumentOperations ops) =>
        Open(ops, e, FloatingIpPool.NetworkIdOf(e.Data.Pool), e.Data.Address, e.Data.FloatingIpId, HolderKinds.FloatingIp, null,
            e.Data.TenantId);

    public void Project(IEvent<FloatingIpReleased> e, IDocumentOperations ops) =>
        Close(ops, e, FloatingIpPool.NetworkIdOf(e.Data.Pool), e.Data.Address, e.Data.FloatingIpId);

    // These two are appended to the network's stream and to the address's own: project them once, from the latter.
    public void Project(IEvent<NetworkAddressAssigned> e, IDocumentOperations ops)
    {
        if (e.StreamId == NetworkKeys.StreamId(e.Data.NetworkId)) return;
        Open(ops, e, e.Data.NetworkId, e.Data.Address, e.Data.HolderId, e.Data.HolderKind, e.Data.DeviceId, e.Data.TenantId);
    }

    public void Project(IEvent<NetworkAddressReleased> e, IDocumentOperations ops)
    {
        if (e.StreamId == NetworkKeys.StreamId(e.Data.NetworkId)) return;
        Close(ops, e, e.Data.NetworkId, e.Data.Address, e.Data.HolderId);
    }

    void Open(IDocumentOperations ops, IEvent e, Guid networkId, string address, Guid holderId, string holderKind, Guid? deviceId,
        string tenantId) =>
        ops.QueueSqlCommand(
            $"insert into {table} (network_id, address, holder_id, holder_kind, device_id, tenant_id, from_at, from_request, from_user) " +
            "values (?, ?::inet, ?, ?, ?, ?, ?, ?, ?)",
            networkId, address, holderId, holderKind, (object?)deviceId ?? DBNull.Value, tenantId, e.Timestamp,
            (object?)e.CorrelationId ?? DBNull.Value, (object?)e.UserName ?? DBNull.Value);

    void Close(IDocumentOperations ops, IEvent e, Guid networkId, string address, Guid holderId) =>
        ops.QueueSqlCommand(
            $"update {table} set to_at = ?, to_request = ?, to_user = ? " +
            "where network_id = ? and address = ?::inet and holder_id = ? and to_at is null",
            e.Timestamp, (object?)e.CorrelationId ?? DBNull.Value, (object?)e.UserName ?? DBNull.Value,
            networkId, address, holderId);
}

/// <summary>What holds an address, as history names it; the same words as <see cref="AddressHolder"/>.</summary>
public static class HolderKinds
{
    public const string FloatingIp = "floating-ip";
}
