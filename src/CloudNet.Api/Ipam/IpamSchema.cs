using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CloudNet.Ipam;

/// <summary>
/// The IPAM tables live outside Marten's document storage (allocation needs row locks and a primary key
/// on (scope, address)), but are registered with Marten so its schema management creates and migrates them.
/// </summary>
public static class IpamSchema
{
    public const string ScopesTable = "ipam_scopes";
    public const string ReleasedTable = "ipam_released";
    public const string LeasesTable = "ip_leases";
    public const string ReservedTable = "ipam_reserved";
    public const string ReserversTable = "ipam_reservers";

    public static void AddIpamTables(this StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var table in Tables(options.DatabaseSchemaName))
            options.Storage.ExtendedSchemaObjects.Add(table);
    }

    public static IReadOnlyList<Table> Tables(string schema)
    {
        // One row per scope: the cursor. It moves a block at a time in a statement of its own (PostgresLeaseLedger.ReserveAsync).
        var scopes = new Table(Name(schema, ScopesTable));
        scopes.AddColumn("scope", "text").AsPrimaryKey();
        scopes.AddColumn("next_offset", "bigint").NotNull();

        // Addresses given back, reused lowest first before anything reserved (IpamHousekeeping vacuums it).
        var released = new Table(Name(schema, ReleasedTable));
        released.AddColumn("scope", "text").AsPrimaryKey();
        released.AddColumn("address", "inet").AsPrimaryKey();

        // The primary key is the last line of defence against handing one address out twice.
        var leases = new Table(Name(schema, LeasesTable));
        leases.AddColumn("scope", "text").AsPrimaryKey();
        leases.AddColumn("address", "inet").AsPrimaryKey();
        leases.AddColumn("holder_id", "uuid").NotNull();
        leases.AddColumn("tenant_id", "text").NotNull();
        leases.AddColumn("leased_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        leases.Indexes.Add(new IndexDefinition($"ix_{LeasesTable}_holder_id") { Columns = ["holder_id"] });

        // The addresses each process took from the cursor a block at a time and has not used yet, by owner: an allocation
        // takes its own lowest one; once the cursor is past the end, anyone's. IpamHousekeeping vacuums it.
        var reserved = new Table(Name(schema, ReservedTable));
        reserved.AddColumn("scope", "text").AsPrimaryKey();
        reserved.AddColumn("address", "inet").AsPrimaryKey();
        reserved.AddColumn("owner", "uuid").NotNull();

        // The processes that hold reservations, and when each last said it was alive: the reservations of one silent
        // for a minute (killed) go back to the released list; a process that stops gives its own back itself.
        var reservers = new Table(Name(schema, ReserversTable));
        reservers.AddColumn("owner", "uuid").AsPrimaryKey();
        reservers.AddColumn("seen_at", "timestamp with time zone").NotNull();

        return [scopes, released, leases, reserved, reservers];
    }

    /// <summary>The table name as Weasel renders it in DDL, so hand-written SQL addresses the same table.</summary>
    internal static string Qualified(string schema, string table) => Name(schema, table).QualifiedName;

    private static PostgresqlObjectName Name(string schema, string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        return new PostgresqlObjectName(schema, table, SchemaUtils.IdentifierUsage.General);
    }
}
