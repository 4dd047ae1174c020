using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Routers.Listing;

/// <summary><c>GET /v2.0/routers</c>: the caller's routers, as Neutron lists them (filters on any attribute, tags, sorting,
/// paging, fields).</summary>
public static class ListRoutersEndpoint
{
    [WolverineGet("/v2.0/routers", OperationId = "ListRouters")]
    [Tags("Networks: routers")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var routers = await session.Query<Router>().Where(r => r.TenantId == tenant).ToListAsync(ct);
        return NeutronCollection.Respond(context, "routers", "routers", routers.Select(RouterJson.From), "Router", "RouterNotFound");
    }
}
