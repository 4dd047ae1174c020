using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNet.Identity;

namespace CloudNet.Networks;

/// <summary>
/// The answer of every <c>/v2.0</c> list: <c>{"&lt;collection&gt;": [...], "&lt;collection&gt;_links": [...]}</c>, the items
/// being every resource the caller may see, as their show would render them, before the query's filters, order and paging.
/// </summary>
public static class NeutronCollection
{
    /// <param name="path">The collection's path under <c>/v2.0/</c> (<c>security-groups</c> for <c>security_groups</c>).</param>
    /// <param name="resourceName">How the marker's 404 names the resource ("Network", "Port").</param>
    /// <param name="notFoundType">Neutron's exception type for that 404 (<c>NetworkNotFound</c>).</param>
    public static IResult Respond(HttpContext context, string collection, string path, IEnumerable<object> bodies, string resourceName,
        string notFoundType)
    {
        var query = context.Request.Query;
        var items = bodies.Select(ToJson).ToList();
        var page = NeutronListQuery.Parse(query).Apply(items, notFoundType, resourceName);
        var answer = new JsonObject { [collection] = new JsonArray([.. page.Items]) };
        var links = NeutronListQuery.Links(page, $"{ServiceCatalog.BaseUrl(context.Request)}/v2.0/{path}", query);
        if (links.Count > 0) answer[$"{collection}_links"] = links;
        return Results.Json(answer);
    }

    /// <summary>The answer of a <c>/v2.0</c> show: <c>{"&lt;resource&gt;": {...}}</c>, cut to the query's <c>fields</c>.</summary>
    public static IResult Show(HttpContext context, string resource, object body)
    {
        var fields = context.Request.Query["fields"].SelectMany(f => (f ?? "").Split(',')).Where(f => f.Length > 0).ToHashSet();
        var json = ToJson(body);
        if (fields.Count > 0) json = new JsonObject(json.Where(p => fields.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        return Results.Json(new JsonObject { [resource] = json });
    }

    public static JsonObject ToJson(object body) => body as JsonObject ?? JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
}
