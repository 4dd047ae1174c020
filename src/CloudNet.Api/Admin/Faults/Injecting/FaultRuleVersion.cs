using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CloudNet.Admin.Faults.Injecting;

/// <summary>
/// One number in PostgreSQL that grows whenever a fault rule is added or removed, by any instance or the command line.
/// Each instance keeps the rules in memory and only re-reads them when this number moved, so a request of a tenant
/// without rules never waits on the database for fault injection (see <see cref="FaultRuleCache"/>). A firing does
/// not move it: counts are kept in the rules' streams, where a firing takes its turn under a row lock.
/// </summary>
public static class FaultRuleVersion
{
    public const string TableName = "fault_rule_version";

    public static StoreOptions AddFaultRuleVersionTable(this StoreOptions options)
    {
        var table = new Table(Name(options.DatabaseSchemaName));
        table.AddColumn("id", "integer").AsPrimaryKey();
        table.AddColumn("version", "bigint").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(table);
        return options;
    }

    /// <summary>Moves the version in the session's transaction: instances see the new number and the changed rules together.</summary>
    public static void QueueBump(IDocumentSession session)
    {
        var table = Qualified(session.DocumentStore.Options.DatabaseSchemaName);
        session.QueueSqlCommand($"insert into {table} as v (id, version) values (1, 1) on conflict (id) do update set version = v.version + 1");
    }

    public static async Task<long> ReadAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select coalesce((select version from {Qualified(store.Options.DatabaseSchemaName)} where id = 1), 0)", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    static string Qualified(string schema) => Name(schema).QualifiedName;

    static PostgresqlObjectName Name(string schema) => new(schema, TableName, SchemaUtils.IdentifierUsage.General);
}
