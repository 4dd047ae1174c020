using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Ports.Listing;

/// <summary><c>GET /v2.0/ports</c>: the caller's ports, those nova made for its servers included, as Neutron lists them
/// (filters on any attribute, <c>fixed_ips=ip_address=…</c> and <c>fixed_ips=subnet_id=…</c>, tags, sorting, paging, fields).</summary>
public static class ListPortsEndpoint
{
    [WolverineGet("/v2.0/ports", OperationId = "ListPorts")]
    [Tags("Networks: ports")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var ports = await session.Query<Port>().Where(p => p.TenantId == tenant).ToListAsync(ct);
        var domains = await PortLookup.DnsDomainsAsync(session, ports, ct);
        return NeutronCollection.Respond(context, "ports", "ports", ports.Select(p => PortJson.From(p, domains.GetValueOrDefault(p.NetworkId))),
            "Port", "PortNotFound");
    }
}
