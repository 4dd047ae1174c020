using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Ports;

/// <summary>
/// <c>GET /v2.0/ports</c> (filters <c>device_id</c>, <c>network_id</c>, <c>id</c>) and <c>GET /v2.0/ports/{id}</c>:
/// the caller's servers' ports, read from the server snapshots (a port lives in its server's stream).
/// </summary>
public static class PortEndpoints
{
    [WolverineGet("/v2.0/ports", OperationId = "ListPorts")]
    [Tags("Networks")]
    public static async Task<IResult> List(HttpContext context, IQuerySession session)
    {
        var tenant = context.Caller().TenantId;
        var query = context.Request.Query;
        var servers = session.Query<Server>().Where(s => s.TenantId == tenant);
        if (query["device_id"] is { Count: > 0 } devices)
        {
            var ids = devices.Select(d => Guid.TryParse(d, out var id) ? id : Guid.Empty).ToArray();
            servers = servers.Where(s => ids.Contains(s.Id));
        }
        var ports = (await servers.OrderBy(s => s.Id).ToListAsync(context.RequestAborted))
            .SelectMany(s => s.Ports.Select(p => (Server: s, Port: p)));
        if (query["network_id"] is { Count: > 0 } networks) ports = ports.Where(x => networks.Contains(x.Port.NetworkId.ToString()));
        if (query["id"] is { Count: > 0 } portIds) ports = ports.Where(x => portIds.Contains(x.Port.PortId.ToString()));
        return Results.Json(new { ports = ports.Select(x => PortJson.From(x.Server, x.Port)) });
    }

    [WolverineGet("/v2.0/ports/{portId}", OperationId = "ShowPort")]
    [Tags("Networks")]
    public static async Task<IResult> Show(string portId, HttpContext context, IQuerySession session)
    {
        var tenant = context.Caller().TenantId;
        var server = Guid.TryParse(portId, out var id)
            ? await session.Query<Server>().FirstOrDefaultAsync(s => s.TenantId == tenant && s.Ports.Any(p => p.PortId == id), context.RequestAborted)
            : null;
        return server is null
            ? throw Rejection.NotFound($"Port {portId} could not be found.", "PortNotFound")
            : Results.Json(new { port = PortJson.From(server, server.Ports.Single(p => p.PortId == id)) });
    }
}
