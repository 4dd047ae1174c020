namespace CloudNet.Hosting;

/// <summary>
/// Real SDKs call compute routes under the catalog URL <c>{base}/v2/{tenant}</c> (or <c>/v2.1/{tenant}</c>),
/// Rackspace documents some at <c>/v2/servers/…</c>, and the seeds use the root. One set of handlers serves
/// all of them: the prefix moves into <see cref="HttpRequest.PathBase"/> (so self links keep it) and the
/// tenant named in it is remembered, to be checked against the caller's once the caller is known.
/// </summary>
public static class ComputePrefixes
{
    const string TenantKey = "cloudnet.path-tenant";

    /// <summary>The first segments of the compute routes, which can never be a tenant id.</summary>
    static readonly HashSet<string> ComputeCollections = new(StringComparer.OrdinalIgnoreCase)
    {
        "servers", "os-floating-ips", "os-floating-ip-pools", "os-networksv2", "os-virtual-interfacesv2",
        "flavors", "images", "extensions", "limits", "os-quota-sets", "os-keypairs", "os-availability-zone", "os-security-groups",
        "os-security-group-rules",
    };

    public static string? PathTenant(this HttpContext context) => context.Items[TenantKey] as string;

    public static IApplicationBuilder UseComputePrefixes(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var segments = PathSegments.Of(path);
        if (segments.Length >= 2 && segments[0] is "v2" or "v2.1")
        {
            var take = 1;
            if (!ComputeCollections.Contains(segments[1]))
            {
                context.Items[TenantKey] = segments[1];
                take = 2;
            }
            PathSegments.MoveIntoPathBase(request, path, take);
        }
        return next();
    });
}
