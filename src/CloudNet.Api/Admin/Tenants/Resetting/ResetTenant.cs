using System.Diagnostics;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Identity.Accounts;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Networks.SharedIps;
using CloudNet.Vpc.PrivateIps;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CloudNet.Admin.Tenants.Resetting;

/// <summary>What a reset ended, and how long it took (the commit included).</summary>
public sealed record ResetSummary(
    [property: System.Text.Json.Serialization.JsonPropertyName("tenant_id")] string TenantId,
    [property: System.Text.Json.Serialization.JsonPropertyName("servers")] int Servers,
    [property: System.Text.Json.Serialization.JsonPropertyName("floating_ips")] int FloatingIps,
    [property: System.Text.Json.Serialization.JsonPropertyName("shared_ips")] int SharedIps,
    [property: System.Text.Json.Serialization.JsonPropertyName("private_ips")] int PrivateIps,
    [property: System.Text.Json.Serialization.JsonPropertyName("networks")] int Networks,
    [property: System.Text.Json.Serialization.JsonPropertyName("vpcs")] int Vpcs,
    [property: System.Text.Json.Serialization.JsonPropertyName("keypairs")] int Keypairs,
    [property: System.Text.Json.Serialization.JsonPropertyName("routers")] int Routers,
    [property: System.Text.Json.Serialization.JsonPropertyName("security_groups")] int SecurityGroups,
    [property: System.Text.Json.Serialization.JsonPropertyName("events")] int Events,
    [property: System.Text.Json.Serialization.JsonPropertyName("took_ms")] long TookMs);

/// <summary>A tenant was emptied through the admin API: every resource it held was ended, in its own stream.</summary>
public sealed record TenantReset(string TenantId, int Resources, int Events, string By, DateTimeOffset At);

/// <summary>
/// <c>POST /_cloudnet/tenants/{tenant}/reset</c>: ends every resource of the tenant in one transaction, with the
/// events its own deletes would have appended (see <see cref="TenantResetPlan"/>), and records the reset in the
/// tenant's stream. History is not rewritten: the history routes still show everything that was there.
/// </summary>
public static class ResetTenantEndpoint
{
    // Not "{tenantId}": Wolverine would take a route argument of that name as the Marten session's tenant.
    [WolverinePost("/_cloudnet/tenants/{tenant}/reset", OperationId = "ResetTenant")]
    [Tags("Admin")]
    public static async Task<IResult> Post(string tenant, Caller caller, IDocumentSession session, AccountDirectory accounts, DateTimeOffset now,
        CancellationToken ct)
    {
        var summary = await ResetAsync(session, accounts, tenant, caller, now, ct);
        return Results.Json(new { reset = summary });
    }

    /// <summary>The reset itself, committed; the endpoint and the <c>tenants reset</c> command both run it.</summary>
    public static async Task<ResetSummary> ResetAsync(IDocumentSession session, AccountDirectory accounts, string tenantId, Caller caller,
        DateTimeOffset now, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await TenantLookup.EnsureKnownAsync(session, accounts, tenantId, ct);

        var resources = await ResourcesOfAsync(session, tenantId, ct);
        var plan = TenantResetPlan.For(resources, caller.UserName, now);

        await ReleaseLeasesAsync(session, tenantId, ct);
        foreach (var (stream, events) in plan) session.Events.Append(stream, events.ToArray());

        var reset = new TenantReset(tenantId, resources.Count, plan.Values.Sum(e => e.Count), caller.UserName, now);
        session.Events.Append(Tenant.StreamIdOf(tenantId), reset);
        await session.SaveChangesAsync(ct);
        return new ResetSummary(tenantId, resources.Servers.Count, resources.FloatingIps.Count, resources.SharedIps.Count,
            resources.PrivateIps.Count, resources.Networks.Count, resources.Vpcs.Count, resources.Keypairs.Count, resources.Routers.Count,
            resources.SecurityGroups.Count, reset.Events, watch.ElapsedMilliseconds);
    }

    public static async Task<TenantResources> ResourcesOfAsync(IQuerySession session, string tenantId, CancellationToken ct) => new(
        await session.Query<Server>().Where(x => x.TenantId == tenantId).ToListAsync(ct),
        await session.Query<FloatingIp>().Where(x => x.TenantId == tenantId).ToListAsync(ct),
        await session.Query<SharedIp>().Where(x => x.TenantId == tenantId).ToListAsync(ct),
        await session.Query<PrivateIp>().Where(x => x.TenantId == tenantId).ToListAsync(ct),
        await session.Query<Network>().Where(x => x.TenantId == tenantId).ToListAsync(ct),
        await session.Query<Vpc.Vpcs.Vpc>().Where(x => x.TenantId == tenantId).ToListAsync(ct),
        await session.Query<Networks.Ports.Port>().Where(x => x.TenantId == tenantId).ToListAsync(ct))
    {
        Keypairs = await session.Query<Compute.Keypairs.Keypair>().Where(x => x.TenantId == tenantId).ToListAsync(ct),
        Routers = await session.Query<Networks.Routers.Router>().Where(x => x.TenantId == tenantId).ToListAsync(ct),
        SecurityGroups = await session.Query<Networks.SecurityGroups.SecurityGroup>().Where(x => x.TenantId == tenantId).ToListAsync(ct),
    };

    /// <summary>Every address the tenant holds goes back to its scope's released list, in one statement.</summary>
    static async Task ReleaseLeasesAsync(IDocumentSession session, string tenantId, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var command = new NpgsqlCommand($"""
            with gone as (delete from {IpamSchema.Qualified(schema, IpamSchema.LeasesTable)} where tenant_id = $1 returning scope, address)
            insert into {IpamSchema.Qualified(schema, IpamSchema.ReleasedTable)} (scope, address) select scope, address from gone
            on conflict do nothing
            """, session.Connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        await command.ExecuteNonQueryAsync(ct);
    }
}
