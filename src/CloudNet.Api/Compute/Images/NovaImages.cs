using System.Globalization;
using CloudNet.Errors;
using CloudNet.Images;
using Wolverine.Http;

namespace CloudNet.Compute.Images;

/// <summary>
/// Nova's image proxy (<c>GET /images[/detail]</c>, <c>GET /images/{id}</c>): the same images as the image service's
/// <c>/image/v2/images</c>, with nova's names for the fields. Filters <c>name</c>, <c>status</c>, <c>minDisk</c>,
/// <c>minRam</c>; pages by <c>limit</c> and <c>marker</c> (an image id), newest first as Glance lists them.
/// </summary>
public static class NovaImagesEndpoint
{
    [WolverineGet("/images", OperationId = "ListImages")]
    [Tags("Compute: flavors and images")]
    public static IResult List(HttpContext context, ImageCatalog catalog) =>
        Results.Json(new { images = Select(catalog, context.Request.Query).Select(i => Summary(i, context.Request)) });

    [WolverineGet("/images/detail", OperationId = "ListImagesDetail")]
    [Tags("Compute: flavors and images")]
    public static IResult ListDetail(HttpContext context, ImageCatalog catalog) =>
        Results.Json(new { images = Select(catalog, context.Request.Query).Select(i => Detail(i, context.Request)) });

    [WolverineGet("/images/{imageId}", OperationId = "ShowImage")]
    [Tags("Compute: flavors and images")]
    public static IResult Show(string imageId, HttpContext context, ImageCatalog catalog) =>
        catalog.ById(imageId) is { } image
            ? Results.Json(new { image = Detail(image, context.Request) })
            : throw Rejection.NotFound("Image not found.");

    static IEnumerable<CatalogImage> Select(ImageCatalog catalog, IQueryCollection query)
    {
        IEnumerable<CatalogImage> images = catalog.All.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id.ToString());
        if (query["name"].ToString() is { Length: > 0 } name) images = images.Where(i => i.Name == name);
        if (query["status"].ToString() is { Length: > 0 } status) images = images.Where(_ => status.Equals("ACTIVE", StringComparison.OrdinalIgnoreCase));
        if (Number(query, "minDisk") is { } disk) images = images.Where(i => i.MinDisk >= disk);
        if (Number(query, "minRam") is { } ram) images = images.Where(i => i.MinRam >= ram);
        if (query["marker"].ToString() is { Length: > 0 } marker)
        {
            var listed = images.ToList();
            var at = listed.FindIndex(i => i.Id.ToString() == marker);
            if (at < 0) throw Rejection.BadRequest($"marker [{marker}] not found");
            images = listed.Skip(at + 1);
        }
        return Number(query, "limit") is { } limit ? images.Take(limit) : images;
    }

    static int? Number(IQueryCollection query, string name)
    {
        var value = query[name].ToString();
        if (value.Length == 0) return null;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Rejection.BadRequest($"Invalid {name} filter [{value}]");
    }

    static object Summary(CatalogImage image, HttpRequest request) =>
        new { id = image.Id, name = image.Name, links = Links(image, request) };

    static Dictionary<string, object?> Detail(CatalogImage image, HttpRequest request) => new()
    {
        ["id"] = image.Id,
        ["name"] = image.Name,
        ["status"] = "ACTIVE",
        ["progress"] = 100,
        ["minDisk"] = image.MinDisk,
        ["minRam"] = image.MinRam,
        ["created"] = GlanceImageJson.Timestamp(image.CreatedAt),
        ["updated"] = GlanceImageJson.Timestamp(image.CreatedAt),
        ["metadata"] = image.Properties,
        ["OS-EXT-IMG-SIZE:size"] = image.Size,
        ["links"] = Links(image, request),
    };

    /// <summary>Nova's self and bookmark, and the image service's own URL as <c>alternate</c>.</summary>
    static object[] Links(CatalogImage image, HttpRequest request) =>
    [
        .. ResourceLinks.Of(request, "images", image.Id.ToString()),
        new { rel = "alternate", type = "application/vnd.openstack.image", href = $"{request.Scheme}://{request.Host}{CloudNet.Images.Configuration.Root}/images/{image.Id}" },
    ];
}
