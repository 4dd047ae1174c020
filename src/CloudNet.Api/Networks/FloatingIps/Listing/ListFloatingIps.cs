using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.FloatingIps.Listing;

/// <summary>
/// <c>GET /v2.0/floatingips</c>: the caller's floating IPs (those allocated through nova too), filtered by Neutron's
/// attributes (<c>id</c>, <c>floating_ip_address</c>, <c>floating_network_id</c>, <c>port_id</c>, <c>fixed_ip_address</c>,
/// <c>status</c>, <c>description</c>, <c>router_id</c>, <c>project_id</c> / <c>tenant_id</c>; a repeated parameter
/// matches any of its values), paged by id with <c>limit</c>, <c>marker</c>, <c>page_reverse</c> and
/// <c>floatingips_links</c>; <c>fields</c> selects attributes.
/// </summary>
public static class ListNeutronFloatingIpsEndpoint
{
    [WolverineGet("/v2.0/floatingips", OperationId = "ListFloatingIpsNeutron")]
    [Tags("Networks: floating IPs")]
    public static async Task<IResult> Get(HttpContext context, IQuerySession session)
    {
        var caller = context.Caller();
        var ct = context.RequestAborted;
        var tenant = caller.TenantId;
        var ips = await session.Query<NeutronFloatingIp>().Where(x => x.TenantId == tenant).OrderBy(x => x.Id).ToListAsync(ct);
        var ports = await NeutronFloatingIpLookup.PortIdsAsync(session, ips, ct);

        var query = context.Request.Query;
        IEnumerable<NeutronFloatingIp> matching = ips;
        bool Filter(string name, Func<NeutronFloatingIp, string?> value)
        {
            if (query[name] is not { Count: > 0 } wanted) return false;
            matching = matching.Where(ip => wanted.Contains(value(ip) ?? ""));
            return true;
        }
        Filter("id", ip => ip.Id.ToString());
        Filter("floating_ip_address", ip => ip.Address);
        Filter("floating_network_id", ip => FloatingIpPool.NetworkIdOf(ip.Pool).ToString());
        Filter("port_id", ip => ports[ip.Id]?.ToString());
        Filter("fixed_ip_address", ip => ip.FixedIp);
        Filter("status", NeutronFloatingIpJson.StatusOf);
        Filter("description", ip => ip.Description);
        Filter("router_id", _ => null);
        Filter("project_id", ip => ip.TenantId);
        Filter("tenant_id", ip => ip.TenantId);

        var page = NeutronPage.Of(matching.ToList(), x => x.Id, query["limit"], query["marker"], query["page_reverse"]);
        var items = page.Items.Select(ip => NeutronFloatingIpJson.Select(NeutronFloatingIpJson.From(ip, ports[ip.Id]), query["fields"]));
        var links = NeutronPage.Links(page, $"{ServiceCatalog.BaseUrl(context.Request)}/v2.0/floatingips", query);
        return links.Count == 0
            ? Results.Json(new { floatingips = items })
            : Results.Json(new { floatingips = items, floatingips_links = links });
    }
}
