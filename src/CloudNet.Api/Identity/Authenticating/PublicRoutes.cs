namespace CloudNet.Identity.Authenticating;

/// <summary>The routes a client reaches before it has a token: discovery, token issue, health, API docs.</summary>
public static class PublicRoutes
{
    static readonly HashSet<string> VersionDocuments = new(StringComparer.OrdinalIgnoreCase)
    {
        "/", "/v2", "/v2/", "/v2.1", "/v2.1/", "/v2.0", "/v2.0/", "/v3", "/v3/",
    };

    public static bool Allow(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            // "/" with a compute prefix in PathBase is the version document under /v2/{tenant}.
            if (VersionDocuments.Contains(path)) return true;
            if (request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments("/openapi")
                || request.Path.StartsWithSegments("/scalar"))
                return true;
        }
        if (HttpMethods.IsPost(request.Method))
            return path is "/v2.0/tokens" or "/v3/auth/tokens";
        return false;
    }
}
