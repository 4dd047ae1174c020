using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Servers.Listing;

/// <summary><c>GET /servers</c> and <c>GET /servers/detail</c>: the caller's servers, oldest first.</summary>
public static class ListServersEndpoint
{
    [WolverineGet("/servers", OperationId = "ListServers")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var servers = await Servers(context.Request, caller, session, ct);
        return Results.Json(new { servers = servers.Select(s => ServerJson.Summary(s, context.Request)) });
    }

    [WolverineGet("/servers/detail", OperationId = "ListServersDetail")]
    [Tags("Compute: servers")]
    public static async Task<IResult> GetDetail(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var servers = await Servers(context.Request, caller, session, ct);
        return Results.Json(new { servers = servers.Select(s => ServerJson.Detail(s, context.Request)) });
    }

    static async Task<IReadOnlyList<Server>> Servers(HttpRequest request, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var name = request.Query["name"].ToString();
        var query = session.Query<Server>().Where(s => s.TenantId == tenant);
        if (!string.IsNullOrEmpty(name)) query = query.Where(s => s.Name == name);
        return await query.OrderBy(s => s.Id).ToListAsync(ct);
    }
}
