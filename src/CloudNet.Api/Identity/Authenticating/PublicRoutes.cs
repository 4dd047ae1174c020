namespace CloudNet.Identity.Authenticating;

/// <summary>The routes a client reaches before it has a token: discovery, token issue, health, API docs, and the
/// history timeline page (which holds no data: it asks for credentials and reads the token-protected routes).</summary>
public static class PublicRoutes
{
    static readonly HashSet<string> VersionDocuments = new(StringComparer.OrdinalIgnoreCase)
    {
        "/", "/v2", "/v2/", "/v2.1", "/v2.1/", "/v2.0", "/v2.0/", "/v3", "/v3/", "/image", "/image/", "/image/versions", "/image/versions/",
        Hosting.NeutronRoot.Prefix, Hosting.NeutronRoot.Prefix + "/",
    };

    /// <summary>Where tokens are issued. Any method passes, so that a wrong one gets routing's 405
    /// (in Keystone's format) rather than a 401 that asks for the token the client came to get.</summary>
    static readonly HashSet<string> TokenIssue = new(StringComparer.OrdinalIgnoreCase)
    {
        "/v2.0/tokens", "/v2.0/tokens/", "/v3/auth/tokens", "/v3/auth/tokens/",
    };

    /// <summary>The history page itself, exactly: everything else under /history needs a token.</summary>
    static readonly HashSet<string> Pages = new(StringComparer.OrdinalIgnoreCase)
    {
        "/history/ui", "/history/ui/",
    };

    /// <summary>Whether the path is where tokens are issued.</summary>
    public static bool IsTokenIssue(PathString path) => TokenIssue.Contains(path.Value ?? "/");

    public static bool Allow(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        if (TokenIssue.Contains(path)) return true;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            // "/" with a compute prefix in PathBase is the version document under /v2/{tenant}.
            if (VersionDocuments.Contains(path)) return true;
            if (Pages.Contains(path)) return true;
            if (request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments("/openapi")
                || request.Path.StartsWithSegments("/scalar"))
                return true;
        }
        return false;
    }
}
