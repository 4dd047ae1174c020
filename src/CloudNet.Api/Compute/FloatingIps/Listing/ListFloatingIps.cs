using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.FloatingIps.Listing;

public static class ListFloatingIpsEndpoint
{
    [WolverineGet("/os-floating-ips", OperationId = "ListFloatingIps")]
    [Tags("Compute: floating IPs")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var ips = await session.Query<FloatingIp>().Where(x => x.TenantId == tenant).OrderBy(x => x.Id)
            .ToListAsync(ct);
        return Results.Json(new { floating_ips = ips.Select(ip => FloatingIpJson.From(ip, context.Request)) });
    }
}
