using CloudNet.Errors;
using Wolverine.Http;

namespace CloudNet.Images.Showing;

/// <summary><c>GET /image/v2/images/{id}</c>: the image itself (Glance answers it unwrapped), or Glance's 404.</summary>
public static class ShowImageEndpoint
{
    [WolverineGet("/image/v2/images/{imageId}", OperationId = "ShowImageGlance")]
    [Tags("Image")]
    public static IResult Get(string imageId, ImageCatalog catalog) =>
        catalog.ById(imageId) is { } image
            ? Results.Json(GlanceImageJson.From(image))
            : throw Rejection.NotFound($"No image found with ID {imageId}");
}
