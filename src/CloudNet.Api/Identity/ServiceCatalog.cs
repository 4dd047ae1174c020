namespace CloudNet.Identity;

/// <summary>
/// The endpoints this one service publishes for each API family, with absolute URLs built from the
/// scheme and host the client used, so SDKs come back to the same address they authenticated against.
/// </summary>
public sealed record CatalogService(string Type, string Name, string PublicUrl);

public static class ServiceCatalog
{
    public const string Region = "RegionOne";

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static IReadOnlyList<CatalogService> For(HttpRequest request, string tenantId, string identityVersion)
    {
        var root = $"{request.Scheme}://{request.Host}";
        return
        [
            new("compute", "cloudServersOpenStack", $"{root}/v2/{tenantId}"),
            new("network", "cloudNetworks", $"{root}/v2.0"),
            new("vpc", "vpc", $"{root}/v1/{tenantId}"),
            new("identity", "keystone", $"{root}/{identityVersion}"),
            new("image", "glance", $"{root}{Images.Configuration.Root}"),
        ];
    }
}
