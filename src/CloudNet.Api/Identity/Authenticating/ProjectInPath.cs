namespace CloudNet.Identity.Authenticating;

/// <summary>
/// Every Huawei VPC route names its project: <c>/v1/{project_id}/…</c>, <c>/v3/{project_id}/vpc/…</c> and the tag routes
/// <c>/v2.0/{project_id}/vpcs|subnets/…</c>. The project id is taken from the path here, once, so that the tenant check
/// covers every such route, including ones that do not exist (they answer 404 only to their own project).
/// </summary>
public static class ProjectInPath
{
    public static string? Of(HttpRequest request)
    {
        // Same (case-insensitive) tests as the ones that make the request a VPC-family request.
        if (Errors.HuaweiPaths.ProjectOf(request.Path) is { } project) return project;
        if (!request.Path.StartsWithSegments("/v1", out var rest)) return null;
        var segments = rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is { Length: > 0 } ? segments[0] : null;
    }
}
