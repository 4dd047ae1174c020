using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine.Http;

namespace CloudNet.Compute.FloatingIps.Allocating;

/// <summary>Nova's body: <c>{"pool": "name"}</c>; Hostway (seed 003) sends none at all.</summary>
public sealed record AllocateFloatingIp(string? Pool);

public sealed class FloatingIpQuotaOptions
{
    public int FloatingIps { get; set; } = 10;
}

/// <summary><c>POST /os-floating-ips</c> (seed 003): 202 and the new floating IP.</summary>
public static class AllocateFloatingIpEndpoint
{
    [WolverinePost("/os-floating-ips", OperationId = "AllocateFloatingIp")]
    [Tags("Compute: floating IPs")]
    public static async Task<IResult> Post(AllocateFloatingIp? command, HttpContext context, IDocumentSession session,
        FloatingIpPools pools, IOptions<FloatingIpQuotaOptions> quota, DateTimeOffset now)
    {
        var caller = context.Caller();
        var ct = context.RequestAborted;
        var pool = pools.Find(command?.Pool) ?? throw Rejection.NotFound($"Floating IP pool not found: {command?.Pool}.");

        // The quota is check-then-act: without a lock, parallel allocations all count the same committed IPs and
        // all pass. Allocations of one tenant therefore queue on a transaction-scoped lock, taken before counting;
        // each counts what the previous ones committed.
        var allocator = await session.AddressAllocatorAsync(ct);
        await LockTenantQuotaAsync(session, caller.TenantId, ct);
        var held = await session.Query<FloatingIp>().CountAsync(x => x.TenantId == caller.TenantId, ct);
        FloatingIpRules.EnsureWithinQuota(held, quota.Value.FloatingIps, pool.Name);

        var id = Guid.CreateVersion7();
        var allocation = await allocator.AllocateAsync(pool.IpamScope, pool.Block, id, caller.TenantId, null, ct);
        if (!allocation.Succeeded) throw Rejection.NotFound($"No more floating IPs in pool {pool.Name}.");

        var allocated = FloatingIpRules.Allocate(id, caller, pool.Name, allocation.Address!, now);
        session.Events.StartStream<FloatingIp>(id, allocated);
        return Results.Json(new { floating_ip = FloatingIpJson.From(FloatingIp.Create(allocated), context.Request) }, statusCode: 202);
    }

    /// <summary>A PostgreSQL advisory lock per tenant (and schema), held until the session's transaction ends.</summary>
    static async Task LockTenantQuotaAsync(IDocumentSession session, string tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", session.Connection);
        command.Parameters.AddWithValue("key", $"{session.DocumentStore.Options.DatabaseSchemaName}:floating-ip-quota:{tenantId}");
        await command.ExecuteNonQueryAsync(ct);
    }
}
