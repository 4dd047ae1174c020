using System.Globalization;
using System.Text.Json.Nodes;

namespace CloudNet.Images;

/// <summary>Glance v2's image: its own fields, then the custom properties at the top level, as Glance returns them.</summary>
public static class GlanceImageJson
{
    public static JsonObject From(CatalogImage image)
    {
        var json = new JsonObject
        {
            ["id"] = image.Id.ToString(),
            ["name"] = image.Name,
            ["status"] = "active",
            ["visibility"] = "public",
            ["protected"] = false,
            ["os_hidden"] = false,
            ["checksum"] = image.Checksum,
            ["os_hash_algo"] = "sha512",
            ["os_hash_value"] = image.HashValue,
            // Public images of no project, as an operator's are when they are not tied to the admin project.
            ["owner"] = null,
            ["size"] = image.Size,
            ["virtual_size"] = image.VirtualSize,
            ["min_disk"] = image.MinDisk,
            ["min_ram"] = image.MinRam,
            ["disk_format"] = image.DiskFormat,
            ["container_format"] = image.ContainerFormat,
            ["created_at"] = Timestamp(image.CreatedAt),
            ["updated_at"] = Timestamp(image.CreatedAt),
            ["tags"] = new JsonArray(image.Tags.Select(t => (JsonNode?)t).ToArray()),
            ["self"] = $"/v2/images/{image.Id}",
            ["file"] = $"/v2/images/{image.Id}/file",
            ["schema"] = "/v2/schemas/image",
        };
        foreach (var (key, value) in image.Properties)
            if (!json.ContainsKey(key)) json[key] = value;
        return json;
    }

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
