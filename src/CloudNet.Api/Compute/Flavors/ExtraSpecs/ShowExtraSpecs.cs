using CloudNet.Compute.Flavors.Showing;
using CloudNet.Errors;
using Wolverine.Http;

namespace CloudNet.Compute.Flavors.ExtraSpecs;

/// <summary>
/// <c>GET /flavors/{id}/os-extra_specs</c> (all of them, <c>{}</c> when none are configured) and
/// <c>GET /flavors/{id}/os-extra_specs/{key}</c> (<c>{"key": "value"}</c>). openstacksdk reads them for every flavor it
/// lists. They are configuration: changing them is not offered.
/// </summary>
public static class ShowExtraSpecsEndpoint
{
    [WolverineGet("/flavors/{flavorId}/os-extra_specs", OperationId = "ListFlavorExtraSpecs")]
    [Tags("Compute: flavors and images")]
    public static IResult List(string flavorId, FlavorCatalog catalog) =>
        Results.Json(new { extra_specs = (catalog.ById(flavorId) ?? throw ShowFlavorEndpoint.NotFound(flavorId)).ExtraSpecs });

    [WolverineGet("/flavors/{flavorId}/os-extra_specs/{key}", OperationId = "ShowFlavorExtraSpec")]
    [Tags("Compute: flavors and images")]
    public static IResult Show(string flavorId, string key, FlavorCatalog catalog)
    {
        var flavor = catalog.ById(flavorId) ?? throw ShowFlavorEndpoint.NotFound(flavorId);
        return flavor.ExtraSpecs.TryGetValue(key, out var value)
            ? Results.Json(new Dictionary<string, string> { [key] = value })
            : throw Rejection.NotFound($"Flavor {flavorId} has no extra specs with key {key}.");
    }
}
