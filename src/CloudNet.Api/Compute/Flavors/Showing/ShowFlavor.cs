using CloudNet.Errors;
using Wolverine.Http;

namespace CloudNet.Compute.Flavors.Showing;

/// <summary><c>GET /flavors/{id}</c>: by id only, as nova (clients look names up in the list).</summary>
public static class ShowFlavorEndpoint
{
    public static Rejection NotFound(string flavorId) => Rejection.NotFound($"Flavor {flavorId} could not be found.");

    [WolverineGet("/flavors/{flavorId}", OperationId = "ShowFlavor")]
    [Tags("Compute: flavors and images")]
    public static IResult Get(string flavorId, HttpContext context, FlavorCatalog catalog) =>
        catalog.ById(flavorId) is { } flavor
            ? Results.Json(new { flavor = FlavorJson.Detail(flavor, context.Request, Microversion.Of(context.Request)) })
            : throw NotFound(flavorId);
}
