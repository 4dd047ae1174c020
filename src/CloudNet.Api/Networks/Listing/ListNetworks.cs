using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Listing;

/// <summary><c>GET /v2.0/networks</c>: the shared networks and the caller's, filtered by <c>id</c>, <c>name</c>, <c>shared</c>.</summary>
public static class ListNetworksEndpoint
{
    [WolverineGet("/v2.0/networks", OperationId = "ListNetworks")]
    [Tags("Networks")]
    public static async Task<IResult> Get(HttpContext context, IQuerySession session)
    {
        var networks = await NetworkLookup.AllVisibleAsync(session, context.Caller(), context.RequestAborted);
        var query = context.Request.Query;
        IEnumerable<Network> matching = networks;
        if (query["id"] is { Count: > 0 } ids) matching = matching.Where(n => ids.Contains(n.NetworkId.ToString()));
        if (query["name"] is { Count: > 0 } names) matching = matching.Where(n => names.Contains(n.Label));
        if (bool.TryParse(query["shared"], out var shared)) matching = matching.Where(n => n.IsShared == shared);
        return Results.Json(new { networks = matching.Select(NeutronJson.Network) });
    }
}
