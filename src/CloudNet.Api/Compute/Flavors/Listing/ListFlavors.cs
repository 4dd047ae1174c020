using CloudNet.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Wolverine.Http;

namespace CloudNet.Compute.Flavors.Listing;

/// <summary><c>GET /flavors</c> and <c>GET /flavors/detail</c>, as <see cref="FlavorQuery"/> selects them.</summary>
public static class ListFlavorsEndpoint
{
    [WolverineGet("/flavors", OperationId = "ListFlavors")]
    [Tags("Compute: flavors and images")]
    public static IResult List(HttpContext context, Caller caller, FlavorCatalog catalog) =>
        Page(context.Request, caller, catalog, (flavor, version) => FlavorJson.Summary(flavor, context.Request, version));

    [WolverineGet("/flavors/detail", OperationId = "ListFlavorsDetail")]
    [Tags("Compute: flavors and images")]
    public static IResult ListDetail(HttpContext context, Caller caller, FlavorCatalog catalog) =>
        Page(context.Request, caller, catalog, (flavor, version) => FlavorJson.Detail(flavor, context.Request, version));

    static IResult Page(HttpRequest request, Caller caller, FlavorCatalog catalog, Func<Flavor, Microversion, object> json)
    {
        var version = Microversion.Of(request);
        var page = FlavorQuery.Apply(catalog.All, request.Query, caller.IsAdmin);
        var flavors = page.Flavors.Select(f => json(f, version)).ToList();
        if (page.NextMarker is not { } marker) return Results.Json(new { flavors });
        var parameters = request.Query.Where(q => q.Key != "marker").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        parameters["marker"] = marker;
        var next = QueryHelpers.AddQueryString($"{ServiceCatalog.BaseUrl(request)}{request.Path}", parameters);
        return Results.Json(new { flavors, flavors_links = new[] { new { href = next, rel = "next" } } });
    }
}
