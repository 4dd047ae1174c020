using CloudNet.Identity;
using Wolverine.Http;

namespace CloudNet.Compute.Discovery;

/// <summary>
/// The documents OpenStack clients read to discover versions, without a token: nova's root list,
/// <c>/v2</c> and <c>/v2.1</c> (with and without the trailing slash), and the identity versions.
/// One route per document: ASP.NET routing ignores a trailing slash, so <c>/v2</c> also answers
/// <c>/v2/</c> (a second route for <c>/v2/</c> would be an ambiguous match, a 500).
/// </summary>
public static class VersionDocumentsEndpoint
{
    const string Updated = "2026-11-01T00:00:00Z";

    [WolverineGet("/", OperationId = "ListVersions")]
    [Tags("Discovery")]
    public static IResult List(HttpContext context)
    {
        var root = $"{context.Request.Scheme}://{context.Request.Host}";
        return Results.Json(new { versions = new[] { V2(root), V21(root) } }, statusCode: 200);
    }

    [WolverineGet("/v2", OperationId = "ShowComputeV2")]
    [Tags("Discovery")]
    public static IResult ComputeV2(HttpContext context) => Results.Json(new { version = V2(Root(context)) });

    [WolverineGet("/v2.1", OperationId = "ShowComputeV21")]
    [Tags("Discovery")]
    public static IResult ComputeV21(HttpContext context) => Results.Json(new { version = V21(Root(context)) });

    [WolverineGet("/v2.0", OperationId = "ShowIdentityV2")]
    [Tags("Discovery")]
    public static IResult IdentityV2(HttpContext context) => Results.Json(new
    {
        version = new
        {
            id = "v2.0",
            status = "stable",
            updated = Updated,
            links = new[] { new { rel = "self", href = $"{Root(context)}/v2.0/" } },
            media_types = new[] { new { @base = "application/json", type = "application/vnd.openstack.identity-v2.0+json" } },
        },
    });

    [WolverineGet("/v3", OperationId = "ShowIdentityV3")]
    [Tags("Discovery")]
    public static IResult IdentityV3(HttpContext context) => Results.Json(new
    {
        version = new
        {
            id = "v3.14",
            status = "stable",
            updated = Updated,
            links = new[] { new { rel = "self", href = $"{Root(context)}/v3/" } },
            media_types = new[] { new { @base = "application/json", type = "application/vnd.openstack.identity-v3+json" } },
        },
    });

    static string Root(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    // "version" is empty on v2.0, as nova's own: clients then send no microversion headers.
    static object V2(string root) => new
    {
        id = "v2.0",
        status = "SUPPORTED",
        version = "",
        min_version = "",
        updated = "2011-01-21T11:33:21Z",
        links = new[] { new { rel = "self", href = $"{root}/v2/" } },
    };

    static object V21(string root) => new
    {
        id = "v2.1",
        status = "CURRENT",
        version = "2.1",
        min_version = "2.1",
        updated = "2013-07-23T11:33:21Z",
        links = new[] { new { rel = "self", href = $"{root}/v2.1/" } },
    };
}
