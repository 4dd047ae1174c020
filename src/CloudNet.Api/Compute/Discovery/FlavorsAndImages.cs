using CloudNet.Errors;
using CloudNet.Identity;
using Wolverine.Http;

namespace CloudNet.Compute.Discovery;

/// <summary>
/// A few built-in flavors and images so that clients which look names up find them. Server create
/// accepts any <c>flavorRef</c> / <c>imageRef</c>; these are a convenience, not a constraint.
/// </summary>
public static class FlavorsAndImagesEndpoint
{
    sealed record Flavor(string Id, string Name, int Ram, int Vcpus, int Disk);

    sealed record Image(string Id, string Name);

    static readonly Flavor[] Flavors =
    [
        new("general1-1", "1 GB General Purpose v1", 1024, 1, 20),
        new("general1-2", "2 GB General Purpose v1", 2048, 2, 40),
        new("general1-4", "4 GB General Purpose v1", 4096, 4, 80),
    ];

    static readonly Image[] Images =
    [
        new("6b2f6b9c-1f0e-4f7a-9a0b-1d2c3e4f5a60", "Debian 12 (Bookworm)"),
        new("0f5c2b1a-3d4e-4f60-8a7b-9c0d1e2f3a41", "Ubuntu 24.04 LTS (Noble Numbat)"),
    ];

    [WolverineGet("/flavors", OperationId = "ListFlavors")]
    [Tags("Compute: flavors and images")]
    public static IResult ListFlavors(HttpContext context) =>
        Results.Json(new { flavors = Flavors.Select(f => new { id = f.Id, name = f.Name, links = Links(context, "flavors", f.Id) }) });

    [WolverineGet("/flavors/detail", OperationId = "ListFlavorsDetail")]
    [Tags("Compute: flavors and images")]
    public static IResult ListFlavorsDetail(HttpContext context) =>
        Results.Json(new { flavors = Flavors.Select(f => FlavorDetail(context, f)) });

    [WolverineGet("/flavors/{flavorId}", OperationId = "ShowFlavor")]
    [Tags("Compute: flavors and images")]
    public static IResult ShowFlavor(string flavorId, HttpContext context) =>
        Flavors.FirstOrDefault(f => f.Id == flavorId) is { } flavor
            ? Results.Json(new { flavor = FlavorDetail(context, flavor) })
            : throw Rejection.NotFound($"Flavor {flavorId} could not be found.");

    [WolverineGet("/images", OperationId = "ListImages")]
    [Tags("Compute: flavors and images")]
    public static IResult ListImages(HttpContext context) =>
        Results.Json(new { images = Images.Select(i => new { id = i.Id, name = i.Name, links = Links(context, "images", i.Id) }) });

    [WolverineGet("/images/detail", OperationId = "ListImagesDetail")]
    [Tags("Compute: flavors and images")]
    public static IResult ListImagesDetail(HttpContext context) =>
        Results.Json(new { images = Images.Select(i => ImageDetail(context, i)) });

    [WolverineGet("/images/{imageId}", OperationId = "ShowImage")]
    [Tags("Compute: flavors and images")]
    public static IResult ShowImage(string imageId, HttpContext context) =>
        Images.FirstOrDefault(i => i.Id == imageId) is { } image
            ? Results.Json(new { image = ImageDetail(context, image) })
            : throw Rejection.NotFound($"Image {imageId} could not be found.");

    static object FlavorDetail(HttpContext context, Flavor f) => new Dictionary<string, object>
    {
        ["id"] = f.Id,
        ["name"] = f.Name,
        ["ram"] = f.Ram,
        ["vcpus"] = f.Vcpus,
        ["disk"] = f.Disk,
        ["swap"] = "",
        ["OS-FLV-EXT-DATA:ephemeral"] = 0,
        ["os-flavor-access:is_public"] = true,
        ["rxtx_factor"] = 1.0,
        ["links"] = Links(context, "flavors", f.Id),
    };

    static object ImageDetail(HttpContext context, Image i) => new
    {
        id = i.Id,
        name = i.Name,
        status = "ACTIVE",
        minDisk = 0,
        minRam = 0,
        progress = 100,
        created = "2026-01-01T00:00:00Z",
        updated = "2026-01-01T00:00:00Z",
        metadata = new Dictionary<string, string>(),
        links = Links(context, "images", i.Id),
    };

    static object[] Links(HttpContext context, string collection, string id) =>
    [
        new { rel = "self", href = $"{ServiceCatalog.BaseUrl(context.Request)}/{collection}/{id}" },
        new { rel = "bookmark", href = $"{context.Request.Scheme}://{context.Request.Host}/{collection}/{id}" },
    ];
}
