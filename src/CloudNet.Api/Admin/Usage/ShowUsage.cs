using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Usage;

/// <summary>
/// <c>GET /_cloudnet/usage?top=</c>: every floating IP pool and subnet with its size, held and free counts and the
/// tenants holding most of it (<c>top</c>, default 5, at most 100), for people; <c>/metrics</c> has the same counts for
/// Prometheus.
/// </summary>
public static class ShowUsageEndpoint
{
    [WolverineGet("/_cloudnet/usage", OperationId = "ShowUsage")]
    [Tags("Admin")]
    public static async Task<IResult> Get(string? top, IQuerySession session, FloatingIpPools pools, CancellationToken ct)
    {
        var count = string.IsNullOrEmpty(top) ? 5
            : int.TryParse(top, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t) && t is >= 1 and <= 100 ? t
            : throw Rejection.BadRequest($"top must be a whole number from 1 to 100, not '{top}'.", "BadUsageQuery");
        var usage = await AddressUsage.ReadAsync(session, pools, ct);
        object Json(ScopeUsage u) => new
        {
            name = u.Name, network_id = u.NetworkId, network_name = u.NetworkName, tenant_id = u.OwnerTenantId, cidr = u.Cidr,
            ip_version = u.Version, size = u.Size, held = u.Held, free = u.Free,
            top_holders = u.Holders.Take(count).Select(h => new { tenant_id = h.TenantId, held = h.Held }),
        };
        return Results.Json(new
        {
            pools = usage.Where(u => u.Kind == "pool").Select(Json),
            subnets = usage.Where(u => u.Kind == "subnet").Select(Json),
        });
    }
}
