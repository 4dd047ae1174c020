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
}

public static class ApiFamilies
{
    /// <summary>Which family a request belongs to, from its path alone, so that even errors raised before
    /// routing (unknown routes, 405, oversized bodies) come out in the right format.</summary>
    public static ApiFamily Of(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/v2.0/tokens") || path.StartsWithSegments("/v2.0/tenants") || path.StartsWithSegments("/v3"))
            return ApiFamily.Identity;
        if (path.StartsWithSegments("/v2.0")) return ApiFamily.Networks;
        if (path.StartsWithSegments("/v1")) return ApiFamily.Vpc;
        if (path.StartsWithSegments("/history")) return ApiFamily.History;
        if (path.StartsWithSegments("/_cloudnet") || path.StartsWithSegments("/metrics")) return ApiFamily.Admin;
        return ApiFamily.Compute;
    }
}
