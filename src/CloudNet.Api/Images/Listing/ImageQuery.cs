using System.Globalization;
using CloudNet.Errors;
using Microsoft.Extensions.Primitives;

namespace CloudNet.Images.Listing;

/// <summary>A page of images, and the marker of the next one when the page is full (Glance then always offers one).</summary>
public sealed record ImagePage(IReadOnlyList<CatalogImage> Images, Guid? NextMarker);

/// <summary>
/// Pure: Glance v2's list query over the configured images. Filters: <c>name</c>, <c>id</c>, <c>status</c>,
/// <c>disk_format</c>, <c>container_format</c> (each also as <c>in:a,b</c>), <c>visibility</c>, <c>owner</c>, <c>protected</c>,
/// <c>os_hidden</c>, <c>tag</c> (every one given), <c>size_min</c>, <c>size_max</c>, <c>created_at</c> / <c>updated_at</c>
/// with an operator (<c>gte:2026-01-01T00:00:00Z</c>), and any other key as a property (<c>os_distro=ubuntu</c>). Sorted by
/// <c>sort_key</c>/<c>sort_dir</c> or <c>sort=key:dir,…</c> (default newest first), paged by <c>limit</c> (25, at most
/// 1000) and <c>marker</c>.
/// </summary>
public static class ImageQuery
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 1000;

    static readonly string[] SortKeys = ["name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at"];

    static readonly HashSet<string> Visibilities = ["public", "private", "shared", "community", "all"];

    /// <summary>Query keys that are not property filters.</summary>
    static readonly HashSet<string> Reserved =
    [
        "limit", "marker", "sort_key", "sort_dir", "sort", "name", "id", "status", "disk_format", "container_format", "visibility",
        "owner", "protected", "os_hidden", "tag", "size_min", "size_max", "created_at", "updated_at", "member_status",
    ];

    public static ImagePage Apply(IReadOnlyList<CatalogImage> images, IQueryCollection query)
    {
        var limit = Limit(query["limit"]);
        var order = Order(query);
        IEnumerable<CatalogImage> matching = images;
        foreach (var filter in Filters(query)) matching = matching.Where(filter);
        var sorted = matching.Order(Comparer<CatalogImage>.Create((a, b) => Compare(a, b, order))).ToList();

        var start = 0;
        if (query["marker"].ToString() is { Length: > 0 } marker)
        {
            var at = Guid.TryParse(marker, out var markerId) ? sorted.FindIndex(i => i.Id == markerId) : -1;
            if (at < 0) throw Rejection.BadRequest($"Invalid marker. Image {marker} could not be found.");
            start = at + 1;
        }
        var page = sorted.Skip(start).Take(limit).ToList();
        return new ImagePage(page, page.Count > 0 && page.Count == limit ? page[^1].Id : null);
    }

    static int Limit(StringValues value)
    {
        if (StringValues.IsNullOrEmpty(value)) return DefaultLimit;
        if (!int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit))
            throw Rejection.BadRequest("limit param must be an integer");
        if (limit < 0) throw Rejection.BadRequest("limit param must be positive");
        return Math.Min(limit, MaxLimit);
    }

    static List<(string Key, bool Descending)> Order(IQueryCollection query)
    {
        var keys = query["sort_key"];
        var dirs = query["sort_dir"];
        var order = new List<(string, bool)>();
        if (query["sort"].ToString() is { Length: > 0 } sort)
        {
            if (keys.Count > 0 || dirs.Count > 0) throw Rejection.BadRequest("Old and new sorting syntax cannot be combined");
            foreach (var part in sort.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var pieces = part.Split(':', 2);
                order.Add((SortKey(pieces[0]), pieces.Length == 2 && Descending(pieces[1])));
            }
        }
        else
        {
            foreach (var dir in dirs) Descending(dir ?? "");
            if (dirs.Count > 1 && dirs.Count != keys.Count) throw Rejection.BadRequest("Number of sort dirs does not match the number of sort keys");
            for (var i = 0; i < keys.Count; i++)
                order.Add((SortKey(keys[i]!), Descending(dirs.Count == 0 ? "desc" : dirs[Math.Min(i, dirs.Count - 1)]!)));
        }
        if (order.Count == 0) order.Add(("created_at", true));
        // The id last, so that equal keys keep one order from page to page.
        if (!order.Any(o => o.Item1 == "id")) order.Add(("id", order[^1].Item2));
        return order;
    }

    static string SortKey(string key) => SortKeys.Contains(key)
        ? key
        : throw Rejection.BadRequest($"Invalid sort key: {key}. It should be one of the following: {string.Join(", ", SortKeys)}.");

    static bool Descending(string dir) => dir switch
    {
        "asc" => false,
        "desc" => true,
        _ => throw Rejection.BadRequest($"Invalid sort direction: {dir}"),
    };

    static int Compare(CatalogImage a, CatalogImage b, List<(string Key, bool Descending)> order)
    {
        foreach (var (key, descending) in order)
        {
            var compared = key switch
            {
                "name" => string.CompareOrdinal(a.Name, b.Name),
                "container_format" => string.CompareOrdinal(a.ContainerFormat, b.ContainerFormat),
                "disk_format" => string.CompareOrdinal(a.DiskFormat, b.DiskFormat),
                "size" => a.Size.CompareTo(b.Size),
                "created_at" or "updated_at" => a.CreatedAt.CompareTo(b.CreatedAt),
                "id" => string.CompareOrdinal(a.Id.ToString(), b.Id.ToString()),
                _ => 0, // status: every image is active
            };
            if (compared != 0) return descending ? -compared : compared;
        }
        return 0;
    }

    static IEnumerable<Func<CatalogImage, bool>> Filters(IQueryCollection query)
    {
        foreach (var (key, values) in query)
        {
            foreach (var value in values.Select(v => v ?? ""))
            {
                yield return key switch
                {
                    "name" => OneOf(value, i => i.Name),
                    "id" => OneOf(value, i => i.Id.ToString()),
                    "status" => OneOf(value, _ => "active"),
                    "disk_format" => OneOf(value, i => i.DiskFormat),
                    "container_format" => OneOf(value, i => i.ContainerFormat),
                    // Every image here is public, unprotected, not hidden and of no project.
                    "visibility" => Visibilities.Contains(value)
                        ? Always(value is "public" or "all")
                        : throw Rejection.BadRequest($"Invalid visibility value: {value}"),
                    "owner" => Always(false),
                    "protected" or "os_hidden" => Always(!Flag(key, value)),
                    "tag" => i => i.Tags.Contains(value),
                    "size_min" => AtLeast(Size(key, value)),
                    "size_max" => AtMost(Size(key, value)),
                    "created_at" or "updated_at" => Instant(key, value),
                    "member_status" => value is "accepted" or "pending" or "rejected" or "all"
                        ? Always(true)
                        : throw Rejection.BadRequest($"Invalid status value: {value}"),
                    _ when Reserved.Contains(key) => Always(true),
                    _ => i => i.Properties.TryGetValue(key, out var property) && property == value,
                };
            }
        }
    }

    static Func<CatalogImage, bool> Always(bool result) => _ => result;

    static Func<CatalogImage, bool> AtLeast(long size) => i => i.Size >= size;

    static Func<CatalogImage, bool> AtMost(long size) => i => i.Size <= size;

    /// <summary>A value, or Glance's <c>in:a,b,"c,d"</c>.</summary>
    static Func<CatalogImage, bool> OneOf(string value, Func<CatalogImage, string> field)
    {
        if (!value.StartsWith("in:", StringComparison.Ordinal)) return i => field(i) == value;
        var wanted = SplitList(value[3..]);
        return i => wanted.Contains(field(i));
    }

    static HashSet<string> SplitList(string list)
    {
        var items = new HashSet<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in list)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                items.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }
        if (quoted) throw Rejection.BadRequest("Invalid filter value: there is an unclosed quotation mark.");
        items.Add(current.ToString());
        return items;
    }

    static bool Flag(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" or "t" or "y" => true,
        "false" or "0" or "no" or "off" or "f" or "n" => false,
        _ => throw Rejection.BadRequest($"Invalid value for option {key}: {value}"),
    };

    static long Size(string key, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size >= 0
            ? size
            : throw Rejection.BadRequest($"Invalid value for option {key}: {value}");

    /// <summary><c>op:instant</c> with op <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>, <c>eq</c> or <c>neq</c> (<c>eq</c> when none).</summary>
    static Func<CatalogImage, bool> Instant(string key, string value)
    {
        var at = value.IndexOf(':');
        var (op, text) = at > 0 && value[..at] is "gt" or "gte" or "lt" or "lte" or "eq" or "neq" ? (value[..at], value[(at + 1)..]) : ("eq", value);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            throw Rejection.BadRequest($"Invalid value for option {key}: {value}");
        return op switch
        {
            "gt" => i => i.CreatedAt > instant,
            "gte" => i => i.CreatedAt >= instant,
            "lt" => i => i.CreatedAt < instant,
            "lte" => i => i.CreatedAt <= instant,
            "neq" => i => i.CreatedAt != instant,
            _ => i => i.CreatedAt == instant,
        };
    }
}
