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
    public static async Task<IResult> Get(string serverId, HttpContext context, IQuerySession session)
    {
        var server = await ServerLookup.VisibleAsync(session, serverId, context.Caller(), context.RequestAborted);
        return Results.Json(new { server = ServerJson.Detail(server, context.Request) });
    }
}
