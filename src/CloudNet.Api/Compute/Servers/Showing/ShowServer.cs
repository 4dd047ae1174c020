using CloudNet.Compute.Servers.Building;
using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Servers.Showing;

/// <summary><c>GET /servers/{id}</c>, from the server's inline snapshot.</summary>
public static class ShowServerEndpoint
{
    [WolverineGet("/servers/{serverId}", OperationId = "ShowServer")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Get(string serverId, HttpContext context, Caller caller, IQuerySession session, IDocumentStore store,
        TimeProvider clock, CancellationToken ct)
    {
        var server = await ServerLookup.VisibleAsync(session, serverId, caller, ct);
        // A client waiting for a building server reads it here: each read is a step of its build (Building/ServerBuilding).
        if (server.Build is not null) server = await ServerBuilding.ReadAsync(store, server, context, clock);
        return Results.Json(new { server = ServerJson.Detail(server, context.Request) });
    }
}
