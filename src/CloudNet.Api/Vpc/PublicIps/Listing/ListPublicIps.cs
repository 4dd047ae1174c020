using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PublicIps.Listing;

/// <summary><c>GET /v1/{project_id}/publicips?limit=&amp;marker=</c>: the project's floating IPs as EIPs, in id order (Huawei's paging;
/// an invalid one is <c>VPC.0501</c>).</summary>
public static class ListPublicIpsEndpoint
{
    [WolverineGet("/v1/{projectId}/publicips", OperationId = "ListPublicIps")]
    [Tags("VPC: EIPs")]
    public static async Task<IResult> Get(string projectId, HttpContext context, Caller caller, IQuerySession session, PublicIpTypes types,
        CancellationToken ct)
    {
        var (limit, marker) = HuaweiPaging.Page(context.Request.Query["limit"], context.Request.Query["marker"], PublicIpErrors.Invalid);
        var tenant = caller.TenantId;
        var query = session.Query<PublicIp>().Where(ip => ip.TenantId == tenant);
        if (marker is { } after) query = query.Where(ip => ip.Id.CompareTo(after) > 0);
        var page = await query.OrderBy(ip => ip.Id).Take(limit).ToListAsync(ct);
        return Results.Json(new { publicips = await PublicIpLookup.JsonAsync(session, page, types, ct) });
    }
}
