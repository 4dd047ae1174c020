using CloudNet.Identity;
using CloudNet.Networks.Ports.Activating;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Ports.Showing;

/// <summary><c>GET /v2.0/ports/{id}</c>: 200, or 404 <c>PortNotFound</c> (another tenant's too).</summary>
public static class ShowPortEndpoint
{
    [WolverineGet("/v2.0/ports/{portId}", OperationId = "ShowPort")]
    [Tags("Networks: ports")]
    public static async Task<IResult> Get(string portId, HttpContext context, Caller caller, IQuerySession session, IDocumentStore store,
        TimeProvider clock, CancellationToken ct)
    {
        var port = await PortLookup.VisibleAsync(session, portId, caller, ct);
        // A client waiting for a bound port to be ACTIVE reads it here: each read is a step of its wait (Activating/PortActivating).
        if (port.Activation is not null) port = await PortActivating.ReadAsync(store, port, context, clock);
        return NeutronCollection.Show(context, "port", await PortLookup.JsonAsync(session, port, ct));
    }
}
