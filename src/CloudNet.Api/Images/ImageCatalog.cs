using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CloudNet.Images;

/// <summary>One image of the <c>Images</c> configuration section.</summary>
public sealed class ImageOptions
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string DiskFormat { get; set; } = "qcow2";
    public string ContainerFormat { get; set; } = "bare";
    public long Size { get; set; }
    public long? VirtualSize { get; set; }
    public int MinDisk { get; set; }
    public int MinRam { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public Dictionary<string, string> Properties { get; set; } = [];
    public List<string> Tags { get; set; } = [];
}

/// <summary>
/// An image as both image APIs serve it (Glance's <c>/image/v2/images</c> and nova's <c>/images</c>). There is no data
/// behind it: the checksums are derived from the id, so they are stable, and look like Glance's (MD5, SHA-512).
/// </summary>
public sealed record CatalogImage(Guid Id, string Name, string DiskFormat, string ContainerFormat, long Size, long? VirtualSize,
    int MinDisk, int MinRam, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, string> Properties, IReadOnlyList<string> Tags)
{
    public string Checksum => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"image:{Id}")));

    public string HashValue => Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes($"image:{Id}")));
}

/// <summary>
/// The configured images, checked once: an id that is not a UUID, a name used twice (server create looks images up by
/// name as well as by id) or a format Glance does not know stops the service with the key to fix.
/// </summary>
public sealed class ImageCatalog
{
    public static readonly IReadOnlySet<string> DiskFormats =
        new HashSet<string> { "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop" };

    public static readonly IReadOnlySet<string> ContainerFormats =
        new HashSet<string> { "ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed" };

    public IReadOnlyList<CatalogImage> All { get; }

    public ImageCatalog(IOptions<List<ImageOptions>> options) => All = From(options.Value);

    public static IReadOnlyList<CatalogImage> From(IReadOnlyList<ImageOptions> configured)
    {
        var images = new List<CatalogImage>();
        for (var i = 0; i < configured.Count; i++)
        {
            var image = configured[i];
            string Problem(string what) => $"Images:{i} ({image.Name}): {what}";
            if (!Guid.TryParse(image.Id, out var id)) throw new InvalidOperationException(Problem($"Id '{image.Id}' is not a UUID"));
            if (string.IsNullOrWhiteSpace(image.Name)) throw new InvalidOperationException(Problem("Name is required"));
            if (!DiskFormats.Contains(image.DiskFormat)) throw new InvalidOperationException(Problem($"unknown DiskFormat '{image.DiskFormat}'"));
            if (!ContainerFormats.Contains(image.ContainerFormat))
                throw new InvalidOperationException(Problem($"unknown ContainerFormat '{image.ContainerFormat}'"));
            if (image.Size < 0 || image.MinDisk < 0 || image.MinRam < 0) throw new InvalidOperationException(Problem("sizes must not be negative"));
            if (images.Any(x => x.Id == id)) throw new InvalidOperationException(Problem($"Id {id} is used twice"));
            if (images.Any(x => x.Name == image.Name)) throw new InvalidOperationException(Problem($"Name '{image.Name}' is used twice"));
            images.Add(new CatalogImage(id, image.Name, image.DiskFormat, image.ContainerFormat, image.Size, image.VirtualSize,
                image.MinDisk, image.MinRam, image.CreatedAt, image.Properties, image.Tags));
        }
        return images;
    }

    public CatalogImage? ById(string id) => Guid.TryParse(id, out var guid) ? All.FirstOrDefault(i => i.Id == guid) : null;

    /// <summary>An image named by its id, or by its (unique) name.</summary>
    public CatalogImage? ByIdOrName(string reference) => ById(reference) ?? All.FirstOrDefault(i => i.Name == reference);
}
