using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using CloudNet.Quotas;
using Wolverine.Http;

namespace CloudNet.Compute.FloatingIps.Allocating;

/// <summary>Nova's body: <c>{"pool": "name"}</c>; Hostway (seed 003) sends none at all.</summary>
public sealed record AllocateFloatingIp(string? Pool);

/// <summary><c>POST /os-floating-ips</c> (seed 003): 202 and the new floating IP.</summary>
public static class AllocateFloatingIpEndpoint
{
    [WolverinePost("/os-floating-ips", OperationId = "AllocateFloatingIp")]
    [Tags("Compute: floating IPs")]
    public static async Task<IResult> Post(AllocateFloatingIp? command, HttpContext context, Caller caller, IDocumentSession session,
        FloatingIpPools pools, QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var pool = pools.Find(command?.Pool) ?? throw Rejection.NotFound($"Floating IP pool not found: {command?.Pool}.");

        var allocated = await FloatingIpAllocation.AllocateAsync(session, pool, caller, limits, null, null, now,
            refusal => refusal == AllocationRefusal.OverQuota
                ? FloatingIpRules.OverQuota(pool.Name)
                : Rejection.NotFound($"No more floating IPs in pool {pool.Name}.", "IpAddressGenerationFailure"),
            ct);
        session.Events.StartStream<FloatingIp>(allocated.FloatingIpId, allocated);
        return Results.Json(new { floating_ip = FloatingIpJson.From(FloatingIp.Create(allocated), context.Request) }, statusCode: 202);
    }
}
