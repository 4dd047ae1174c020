using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Ports.Showing;

/// <summary><c>GET /v2.0/ports/{id}</c>: 200, or 404 <c>PortNotFound</c> (another tenant's too).</summary>
public static class ShowPortEndpoint
{
    [WolverineGet("/v2.0/ports/{portId}", OperationId = "ShowPort")]
    [Tags("Networks: ports")]
    public static async Task<IResult> Get(string portId, HttpContext context, IQuerySession session)
    {
        var port = await PortLookup.VisibleAsync(session, portId, context.Caller(), context.RequestAborted);
        return NeutronCollection.Show(context, "port", await PortLookup.JsonAsync(session, port, context.RequestAborted));
    }
}
