using Wolverine.Http;

namespace CloudNet.Images.Versions;

/// <summary>
/// Glance's versions document, at the root the catalog publishes (<c>{base}/image</c>) and at <c>/image/versions</c>,
/// without a token. keystoneauth reads it to find the v2 endpoint (<c>{base}/image/v2/</c>). The root answers 300
/// Multiple Choices, as Glance's does; <c>/versions</c> answers 200.
/// </summary>
public static class ImageVersionsEndpoint
{
    /// <summary>Glance Zed's API (v2.16), which Debian 12's clients are contemporary with, and every v2 minor before it.</summary>
    const int LatestMinor = 16;

    [WolverineGet("/image", OperationId = "ListImageVersions")]
    [Tags("Image")]
    public static IResult Root(HttpContext context) => Results.Json(Document(context), statusCode: 300);

    [WolverineGet("/image/versions", OperationId = "ListImageVersionsExplicitly")]
    [Tags("Image")]
    public static IResult Versions(HttpContext context) => Results.Json(Document(context));

    static object Document(HttpContext context)
    {
        var href = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{Configuration.Root}/v2/";
        return new
        {
            versions = Enumerable.Range(0, LatestMinor + 1).Reverse().Select(minor => new
            {
                id = $"v2.{minor}",
                status = minor == LatestMinor ? "CURRENT" : "SUPPORTED",
                links = new[] { new { rel = "self", href } },
            }),
        };
    }
}
