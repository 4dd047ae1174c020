using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SharedIps.Listing;

/// <summary><c>GET /v2.0/ip_addresses</c> with quark's filters: <c>id</c>, <c>network_id</c>, <c>address</c>,
/// <c>subnet_id</c>, <c>version</c>, <c>type</c>, <c>device_id</c>, <c>port_ids</c>; paged with <c>limit</c>, <c>marker</c>
/// and <c>page_reverse</c>, with <c>ip_addresses_links</c> (next, previous) as Neutron pages.</summary>
public static class ListIpAddressesEndpoint
{
    [WolverineGet("/v2.0/ip_addresses", OperationId = "ListIpAddresses")]
    [Tags("Networks: shared IPs")]
    public static async Task<IResult> Get(HttpContext context, IQuerySession session)
    {
        var tenant = context.Caller().TenantId;
        IEnumerable<SharedIp> ips = await session.Query<SharedIp>().Where(x => x.TenantId == tenant).OrderBy(x => x.Id)
            .ToListAsync(context.RequestAborted);
        var query = context.Request.Query;
        if (query["id"] is { Count: > 0 } ids) ips = ips.Where(x => ids.Contains(x.Id.ToString()));
        if (query["network_id"] is { Count: > 0 } networks) ips = ips.Where(x => networks.Contains(x.NetworkId.ToString()));
        if (query["subnet_id"] is { Count: > 0 } subnets) ips = ips.Where(x => subnets.Contains(x.SubnetId.ToString()));
        if (query["address"] is { Count: > 0 } addresses) ips = ips.Where(x => addresses.Contains(x.Address));
        if (query["version"] is { Count: > 0 } versions) ips = ips.Where(x => versions.Contains(x.IpVersion.ToString()));
        if (query["type"] is { Count: > 0 } types) ips = ips.Where(x => types.Contains(x.Type));
        if (query["device_id"] is { Count: > 0 } devices) ips = ips.Where(x => x.Ports.Any(p => devices.Contains(p.DeviceId.ToString())));
        if (query["port_ids"] is { Count: > 0 } ports) ips = ips.Where(x => x.Ports.Any(p => ports.Contains(p.PortId.ToString())));
        var page = NeutronPage.Of(ips.ToList(), x => x.Id, query["limit"], query["marker"], query["page_reverse"]);
        var links = NeutronPage.Links(page, $"{Identity.ServiceCatalog.BaseUrl(context.Request)}/v2.0/ip_addresses", context.Request.Query);
        return links.Count == 0
            ? Results.Json(new { ip_addresses = page.Items.Select(SharedIpJson.From) })
            : Results.Json(new { ip_addresses = page.Items.Select(SharedIpJson.From), ip_addresses_links = links });
    }
}
