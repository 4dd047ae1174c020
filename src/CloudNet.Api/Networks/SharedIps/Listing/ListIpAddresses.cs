using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SharedIps.Listing;

/// <summary><c>GET /v2.0/ip_addresses</c>, as Neutron lists (filters on any attribute, sorting, paging with <c>ip_addresses_links</c>,
/// fields), with quark's <c>device_id</c> filter besides: the IPs with a port on one of those devices.</summary>
public static class ListIpAddressesEndpoint
{
    [WolverineGet("/v2.0/ip_addresses", OperationId = "ListIpAddresses")]
    [Tags("Networks: shared IPs")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        IEnumerable<SharedIp> ips = await session.Query<SharedIp>().Where(x => x.TenantId == tenant).ToListAsync(ct);
        if (context.Request.Query["device_id"] is { Count: > 0 } devices) ips = ips.Where(x => x.Ports.Any(p => devices.Contains(p.DeviceId.ToString())));
        return NeutronCollection.Respond(context, "ip_addresses", "ip_addresses", ips.Select(SharedIpJson.From), "IP Address", "IpAddressNotFound");
    }
}
