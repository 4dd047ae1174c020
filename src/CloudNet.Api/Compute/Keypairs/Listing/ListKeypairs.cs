using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using Microsoft.AspNetCore.WebUtilities;
using Wolverine.Http;

namespace CloudNet.Compute.Keypairs.Listing;

/// <summary>
/// <c>GET /os-keypairs</c>: the caller's keypairs by name, each wrapped as nova wraps them (<c>{"keypair":{…}}</c>). From
/// microversion 2.35, <c>limit</c> and <c>marker</c> (a name) page them, with <c>keypairs_links</c> after a full page.
/// </summary>
public static class ListKeypairsEndpoint
{
    [WolverineGet("/os-keypairs", OperationId = "ListKeypairs")]
    [Tags("Compute: keypairs")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var request = context.Request;
        var version = Microversion.Of(request);
        var user = KeypairRules.UserOf(version.AtLeast(10) ? request.Query["user_id"].ToString() : null, caller, "index");
        IEnumerable<Keypair> keypairs = (await session.Query<Keypair>().Where(k => k.UserId == user).ToListAsync(ct))
            .OrderBy(k => k.Name, StringComparer.Ordinal);

        int? limit = null;
        if (version.AtLeast(35))
        {
            if (request.Query["marker"].ToString() is { Length: > 0 } marker)
            {
                var listed = keypairs.ToList();
                var at = listed.FindIndex(k => k.Name == marker);
                if (at < 0) throw Rejection.BadRequest($"marker [{marker}] not found");
                keypairs = listed.Skip(at + 1);
            }
            if (request.Query["limit"].ToString() is { Length: > 0 } text)
            {
                limit = int.TryParse(text, out var l) && l >= 0 ? l : throw Rejection.BadRequest("limit param must be a non-negative integer");
                keypairs = keypairs.Take(l);
            }
        }
        var page = keypairs.ToList();
        var items = page.Select(k => new { keypair = KeypairJson.InList(k, version) }).ToList();
        if (limit is not { } size || size == 0 || page.Count < size) return Results.Json(new { keypairs = items });
        var parameters = request.Query.Where(q => q.Key != "marker").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        parameters["marker"] = page[^1].Name;
        var next = QueryHelpers.AddQueryString($"{ServiceCatalog.BaseUrl(request)}/os-keypairs", parameters);
        return Results.Json(new { keypairs = items, keypairs_links = new[] { new { href = next, rel = "next" } } });
    }
}
