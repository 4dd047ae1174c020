using Microsoft.AspNetCore.Http;

namespace CloudNet.Errors;

/// <summary>The public API families this service speaks. Each has its own error body and request-id header.</summary>
public enum ApiFamily
{
    Compute,
    Networks,
    Vpc,
    Identity,
    History,
    Admin,
    Image,
}

public static class ApiFamilies
{
    /// <summary>Which family a request belongs to, from its path alone, so that even errors raised before
    /// routing (unknown routes, 405, oversized bodies) come out in the right format.</summary>
    public static ApiFamily Of(HttpContext context)
    {
        var path = context.Request.Path;
        if (IsIdentity(path)) return ApiFamily.Identity;
        if (path.StartsWithSegments("/v2.0") || path.StartsWithSegments(Hosting.NeutronRoot.Prefix)) return ApiFamily.Networks;
        if (path.StartsWithSegments("/v1")) return ApiFamily.Vpc;
        if (path.StartsWithSegments("/history")) return ApiFamily.History;
        if (path.StartsWithSegments("/_cloudnet") || path.StartsWithSegments("/metrics")) return ApiFamily.Admin;
        if (path.StartsWithSegments(Images.Configuration.Root)) return ApiFamily.Image;
        return ApiFamily.Compute;
    }

    /// <summary>Keystone's routes, which share <c>/v2.0</c> with Neutron's at the service root.</summary>
    public static bool IsIdentity(PathString path) =>
        path.StartsWithSegments("/v2.0/tokens") || path.StartsWithSegments("/v2.0/tenants") || path.StartsWithSegments("/v3");
}
