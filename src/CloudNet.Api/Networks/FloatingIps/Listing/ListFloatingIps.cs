using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.FloatingIps.Listing;

/// <summary><c>GET /v2.0/floatingips</c>: the caller's floating IPs (those allocated through nova too), as Neutron lists them
/// (filters on any attribute, tags, sorting, paging, fields).</summary>
public static class ListNeutronFloatingIpsEndpoint
{
    [WolverineGet("/v2.0/floatingips", OperationId = "ListFloatingIpsNeutron")]
    [Tags("Networks: floating IPs")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var ips = await session.Query<NeutronFloatingIp>().Where(x => x.TenantId == tenant).ToListAsync(ct);
        return NeutronCollection.Respond(context, "floatingips", "floatingips", await NeutronFloatingIpLookup.JsonAsync(session, ips, ct),
            "Floating IP", "FloatingIPNotFound");
    }
}
