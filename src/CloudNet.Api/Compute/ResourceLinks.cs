using CloudNet.Identity;

namespace CloudNet.Compute;

/// <summary>Nova's <c>links</c> of a resource: <c>self</c> under the prefix the client used, <c>bookmark</c> at the root.</summary>
public static class ResourceLinks
{
    public static object[] Of(HttpRequest request, string collection, string id) =>
    [
        new { rel = "self", href = $"{ServiceCatalog.BaseUrl(request)}/{collection}/{id}" },
        new { rel = "bookmark", href = Bookmark(request, collection, id) },
    ];

    public static string Bookmark(HttpRequest request, string collection, string id) => $"{request.Scheme}://{request.Host}/{collection}/{id}";
}
