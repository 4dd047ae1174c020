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

    /// <summary>Huawei's v3 VPC API (<c>/v3/{project_id}/vpc/…</c>): its errors are <c>{"error_msg","error_code","request_id"}</c>.</summary>
    VpcV3,
}

public static class ApiFamilies
{
    /// <summary>Which family a request belongs to, from its path alone, so that even errors raised before
    /// routing (unknown routes, 405, oversized bodies) come out in the right format.</summary>
    public static ApiFamily Of(HttpContext context)
    {
        var path = context.Request.Path;
        if (HuaweiPaths.IsV3(path)) return ApiFamily.VpcV3;
        if (IsIdentity(path)) return ApiFamily.Identity;
        if (HuaweiPaths.IsProjectScopedV2(path)) return ApiFamily.Vpc;
        if (path.StartsWithSegments("/v2.0") || path.StartsWithSegments(Hosting.NeutronRoot.Prefix)) return ApiFamily.Networks;
        if (path.StartsWithSegments("/v1")) return ApiFamily.Vpc;
        if (path.StartsWithSegments("/history")) return ApiFamily.History;
        if (path.StartsWithSegments("/_cloudnet") || path.StartsWithSegments("/metrics")) return ApiFamily.Admin;
        if (path.StartsWithSegments(Images.Configuration.Root)) return ApiFamily.Image;
        return ApiFamily.Compute;
    }

    /// <summary>Keystone's routes, which share <c>/v2.0</c> with Neutron's and <c>/v3</c> with Huawei's v3 VPC API at the
    /// service root.</summary>
    public static bool IsIdentity(PathString path) =>
        path.StartsWithSegments("/v2.0/tokens") || path.StartsWithSegments("/v2.0/tenants")
        || (path.StartsWithSegments("/v3") && !HuaweiPaths.IsV3(path));
}

/// <summary>
/// Huawei's routes that share a prefix with another family: <c>/v3/{project_id}/vpc/…</c> (and <c>/v3/{project_id}/ports/…</c>)
/// beside Keystone's <c>/v3/auth/…</c>, and the tag routes <c>/v2.0/{project_id}/vpcs|subnets|security-groups/…</c> beside
/// Neutron's <c>/v2.0/{collection}/…</c>. A project id is never one of Keystone's or Neutron's collection names, and no route of
/// theirs has one of these names in third place, so the third segment tells them apart.
/// </summary>
public static class HuaweiPaths
{
    static readonly HashSet<string> V3Collections = new(StringComparer.OrdinalIgnoreCase) { "vpc", "ports" };
    static readonly HashSet<string> TagCollections = new(StringComparer.OrdinalIgnoreCase) { "vpcs", "subnets", "security-groups" };

    public static bool IsV3(PathString path) => Third(path, "v3") is { } third && V3Collections.Contains(third);

    public static bool IsProjectScopedV2(PathString path) => Third(path, "v2.0") is { } third && TagCollections.Contains(third);

    /// <summary>The project id of such a path (its second segment), or null for any other path.</summary>
    public static string? ProjectOf(PathString path) =>
        IsV3(path) || IsProjectScopedV2(path) ? Segments(path)[1] : null;

    static string? Third(PathString path, string first)
    {
        var segments = Segments(path);
        return segments.Length >= 3 && string.Equals(segments[0], first, StringComparison.OrdinalIgnoreCase) ? segments[2] : null;
    }

    static string[] Segments(PathString path) => (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
}
