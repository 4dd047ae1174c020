using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CloudNet.Compute.Limits;

/// <summary>
/// The rate-limit counters: one row per tenant, limit and window. Outside Marten's documents (it is counted
/// with an upsert, not stored as state), but registered with Marten so that its schema management (db-apply,
/// start-up migration) creates it as it does the IPAM tables.
/// </summary>
public static class RateCounterSchema
{
    public const string CountersTable = "rate_counters";

    public static StoreOptions AddRateCounterTable(this StoreOptions options)
    {
        options.Storage.ExtendedSchemaObjects.Add(Table(options.DatabaseSchemaName));
        return options;
    }

    public static Table Table(string schema)
    {
        var counters = new Table(Name(schema));
        counters.AddColumn("tenant_id", "text").AsPrimaryKey();
        counters.AddColumn("limit_key", "text").AsPrimaryKey();
        counters.AddColumn("window_start", "timestamp with time zone").AsPrimaryKey();
        counters.AddColumn("hits", "integer").NotNull();
        return counters;
    }

    /// <summary>The name as Weasel renders it in DDL, so the hand-written SQL addresses the same table.</summary>
    public static string Qualified(string schema) => Name(schema).QualifiedName;

    static PostgresqlObjectName Name(string schema) => new(schema, CountersTable, SchemaUtils.IdentifierUsage.General);
}
