using CloudNet.Identity;
using CloudNet.Networks.Ports;
using CloudNet.Networks.Ports.Activating;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.Ports.Showing;

/// <summary><c>GET /v1/{project_id}/ports/{port_id}</c>: any of the project's ports (Neutron's and nova's too), in Huawei's shape.</summary>
public static class ShowHuaweiPortEndpoint
{
    [WolverineGet("/v1/{projectId}/ports/{portId}", OperationId = "ShowHuaweiPort")]
    [Tags("VPC: ports")]
    public static async Task<IResult> Get(string projectId, string portId, HttpContext context, Caller caller, IQuerySession session,
        IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var port = await HuaweiPortLookup.VisibleAsync(session, portId, caller, ct);
        if (port.Activation is not null) port = await PortActivating.ReadAsync(store, port, context, clock);
        var domains = await PortLookup.DnsDomainsAsync(session, [port], ct);
        return Results.Json(new { port = HuaweiPortJson.From(port, domains.GetValueOrDefault(port.NetworkId)) });
    }
}
