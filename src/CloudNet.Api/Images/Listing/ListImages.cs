using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Wolverine.Http;

namespace CloudNet.Images.Listing;

/// <summary>
/// <c>GET /image/v2/images</c>: Glance v2's list, filtered, sorted and paged as <see cref="ImageQuery"/> says, with
/// <c>first</c>, <c>schema</c> and (when the page is full) <c>next</c>, relative to the version root as Glance writes them.
/// </summary>
public static class ListImagesEndpoint
{
    [WolverineGet("/image/v2/images", OperationId = "ListImagesGlance")]
    [Tags("Image")]
    public static IResult Get(HttpContext context, ImageCatalog catalog)
    {
        var query = context.Request.Query;
        var page = ImageQuery.Apply(catalog.All, query);
        var body = new JsonObject
        {
            ["images"] = new JsonArray(page.Images.Select(i => (JsonNode)GlanceImageJson.From(i)).ToArray()),
            ["first"] = "/v2/images",
            ["schema"] = "/v2/schemas/images",
        };
        if (page.NextMarker is { } marker)
        {
            var parameters = query.Where(q => q.Key != "marker").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            parameters["marker"] = marker.ToString();
            body["next"] = QueryHelpers.AddQueryString("/v2/images", parameters);
        }
        return Results.Json(body);
    }
}
