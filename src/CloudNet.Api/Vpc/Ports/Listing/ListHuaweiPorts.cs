using CloudNet.Identity;
using CloudNet.Networks.Ports;
using CloudNet.Vpc.PrivateIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.Ports.Listing;

/// <summary>
/// <c>GET /v1/{project_id}/ports</c>: the project's ports (those Neutron and nova made included), in id order, with the SDK's
/// filters (<c>id</c>, <c>name</c>, <c>network_id</c>, <c>mac_address</c>, <c>device_id</c>, <c>device_owner</c>, <c>status</c>,
/// <c>admin_state_up</c>, <c>security_groups</c>, <c>fixed_ips=ip_address=…</c> / <c>fixed_ips=subnet_id=…</c>, each repeatable)
/// and Huawei's paging (<c>limit</c> up to 2000, <c>marker</c> the id to start after).
/// </summary>
public static class ListHuaweiPortsEndpoint
{
    [WolverineGet("/v1/{projectId}/ports", OperationId = "ListHuaweiPorts")]
    [Tags("VPC: ports")]
    public static async Task<IResult> Get(string projectId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var query = context.Request.Query;
        var (limit, marker) = PrivateIpRules.Page(query["limit"], query["marker"]);
        var tenant = caller.TenantId;
        var ports = await session.Query<Port>().Where(p => p.TenantId == tenant).OrderBy(p => p.Id).ToListAsync(ct);
        var page = HuaweiPortFilter.Apply(ports, query, marker).Take(limit).ToList();
        var domains = await PortLookup.DnsDomainsAsync(session, page, ct);
        return Results.Json(new { ports = page.Select(p => HuaweiPortJson.From(p, domains.GetValueOrDefault(p.NetworkId))) });
    }
}
