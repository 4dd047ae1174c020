using CloudNet.Identity;
using CloudNet.Ids;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CloudNet.Admin.Tenants.Seeding;

/// <summary>
/// Counts the write requests of each seeded tenant, in PostgreSQL (every instance shares the count), and gives each one
/// the <see cref="SeededIds"/> of its number: the n-th write of a tenant with seed s makes the same ids and MAC addresses
/// in every deployment. The count is taken in a statement of its own, committed at once: a refused request uses its
/// number too, as it would in the run it is compared with. GETs make nothing and take no number, so a client that polls
/// more or less often than the one recorded still gets the same ids.
/// </summary>
public static class SeededRequests
{
    public const string TableName = "seeded_requests";

    /// <summary>After authentication (the caller names the seed), before routing (so before every endpoint).</summary>
    public static IApplicationBuilder UseSeededIds(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<Caller>() is { Seed: { } seed } caller
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            var store = context.RequestServices.GetRequiredService<IDocumentStore>();
            context.Features.Set(caller with { Ids = new SeededIds(seed, await NextAsync(store, caller.TenantId, context.RequestAborted)) });
        }
        await next();
    });

    /// <summary>The tenant's next request number (1 for its first write).</summary>
    public static async Task<long> NextAsync(IDocumentStore store, string tenantId, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            insert into {Qualified(store.Options.DatabaseSchemaName)} as s (tenant_id, requests) values ($1, 1)
            on conflict (tenant_id) do update set requests = s.requests + 1
            returning requests
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public static StoreOptions AddSeededRequestsTable(this StoreOptions options)
    {
        var table = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("tenant_id", "text").AsPrimaryKey();
        table.AddColumn("requests", "bigint").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(table);
        return options;
    }

    static string Qualified(string schema) => new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General).QualifiedName;
}
