using System.Text.Json.Nodes;
using Alba;

namespace CloudNet.Tests.Reliability;

/// <summary>One operation of the service: a method on a path template, its query parameters and its body schema.</summary>
public sealed record Route(string Method, string Template, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters,
    JsonNode? BodySchema)
{
    public override string ToString() => $"{Method} {Template}";

    public bool Mutates => Method is not ("GET" or "HEAD");
}

/// <summary>
/// Every route of the service, read from its own OpenAPI document (<c>/openapi/v1.json</c>), so that a route added
/// later is fuzzed and tenancy-checked without touching these tests; plus the identity routes, which are added here
/// should the document ever leave them out. Body schemas have their <c>$ref</c>s resolved.
/// </summary>
public sealed class RouteCatalog
{
    /// <summary>Identity routes that must be covered whatever the document says.</summary>
    static readonly (string Method, string Template)[] IdentityRoutes =
    [
        ("POST", "/v2.0/tokens"),
        ("POST", "/v3/auth/tokens"),
    ];

    public IReadOnlyList<Route> Routes { get; }

    RouteCatalog(IReadOnlyList<Route> routes) => Routes = routes;

    public static async Task<RouteCatalog> ReadAsync(IAlbaHost host)
    {
        var result = await host.Scenario(x =>
        {
            x.Get.Url("/openapi/v1.json");
            x.StatusCodeShouldBe(200);
        });
        return Parse(JsonNode.Parse(await result.ReadAsTextAsync())!);
    }

    public static RouteCatalog Parse(JsonNode document)
    {
        var schemas = document["components"]?["schemas"]?.AsObject();
        var routes = new List<Route>();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description" or "servers") continue;
                var parameters = operation!["parameters"]?.AsArray() ?? [];
                var path = parameters.Where(p => p!["in"]!.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>()).ToList();
                var query = parameters.Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>()).ToList();
                // Every {name} of the template, whether or not the document lists it as a parameter.
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(template, @"\{([^}]+)\}"))
                    if (!path.Contains(m.Groups[1].Value)) path.Add(m.Groups[1].Value);
                var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                routes.Add(new Route(method.ToUpperInvariant(), template, path, query, schema is null ? null : Resolve(schema, schemas, 0)));
            }
        }
        foreach (var (method, template) in IdentityRoutes)
            if (!routes.Any(r => r.Method == method && r.Template == template))
                routes.Add(new Route(method, template, [], [], null));
        return new RouteCatalog(routes.OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToList());
    }

    /// <summary>A copy of the schema with every <c>$ref</c> replaced by what it names (to a bounded depth).</summary>
    static JsonNode? Resolve(JsonNode? schema, JsonObject? schemas, int depth)
    {
        if (schema is null || depth > 12) return null;
        if (schema is JsonObject obj)
        {
            if (obj["$ref"]?.GetValue<string>() is { } reference)
            {
                var name = reference[(reference.LastIndexOf('/') + 1)..];
                return Resolve(schemas?[name], schemas, depth + 1) ?? new JsonObject();
            }
            var copy = new JsonObject();
            foreach (var (key, value) in obj) copy[key] = Resolve(value, schemas, depth + 1);
            return copy;
        }
        if (schema is JsonArray array) return new JsonArray(array.Select(a => Resolve(a, schemas, depth + 1)).ToArray());
        return schema.DeepClone();
    }
}
