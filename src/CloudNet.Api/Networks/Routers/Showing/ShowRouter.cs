using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Routers.Showing;

/// <summary><c>GET /v2.0/routers/{id}</c>: 200, or 404 <c>RouterNotFound</c> (another tenant's too).</summary>
public static class ShowRouterEndpoint
{
    [WolverineGet("/v2.0/routers/{routerId}", OperationId = "ShowRouter")]
    [Tags("Networks: routers")]
    public static async Task<IResult> Get(string routerId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct) =>
        NeutronCollection.Show(context, "router", RouterJson.From(await RouterLookup.VisibleAsync(session, routerId, caller, ct)));
}
