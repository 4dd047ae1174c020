using CloudNet.Identity;
using CloudNet.Networks;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PrivateIps.Listing;

/// <summary><c>GET /v1/{project_id}/subnets/{subnet_id}/privateips?limit=&amp;marker=</c>, in assignment order.</summary>
public static class ListPrivateIpsEndpoint
{
    [WolverineGet("/v1/{projectId}/subnets/{subnetId}/privateips", OperationId = "ListPrivateIps")]
    [Tags("VPC: private IPs")]
    public static async Task<IResult> Get(string projectId, string subnetId, HttpContext context, Caller caller, IQuerySession session,
        CancellationToken ct)
    {
        var (limit, marker) = PrivateIpRules.Page(context.Request.Query["limit"], context.Request.Query["marker"]);
        if (!Guid.TryParse(subnetId, out var networkId)) throw PrivateIpErrors.SubnetNotFound(subnetId);
        PrivateIpRules.VpcSubnet(await NetworkLookup.VisibleAsync(session, networkId, caller, ct), subnetId);

        var tenant = caller.TenantId;
        var query = session.Query<PrivateIp>().Where(x => x.NetworkId == networkId && x.TenantId == tenant);
        // Ids are version 7 UUIDs that only grow (Ids/TimeOrderedIds), so id order is assignment order, a batch in request
        // order: "after the marker" is "greater than it".
        if (marker is { } after) query = query.Where(x => x.Id.CompareTo(after) > 0);
        var page = await query.OrderBy(x => x.Id).Take(limit).ToListAsync(ct);
        var ports = await PrivateIpUse.PortsAsync(session, tenant, networkId, ct);
        return Results.Json(new { privateips = page.Select(ip => PrivateIpJson.From(PrivateIpUse.AsUsed(ip, ports))) });
    }
}
