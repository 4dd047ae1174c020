using System.Globalization;
using CloudNet.Errors;

namespace CloudNet.Compute.Flavors.Listing;

public sealed record FlavorPage(IReadOnlyList<Flavor> Flavors, string? NextMarker);

/// <summary>
/// Pure: nova's flavor list query. Callers who are not admins see the public, enabled flavors whatever they ask (nova's
/// rule); an admin may pass <c>is_public=false|none</c>. <c>minRam</c> and <c>minDisk</c> filter, <c>sort_key</c> and
/// <c>sort_dir</c> order (default by id, ascending), <c>limit</c> and <c>marker</c> (a flavor id) page; a full page
/// offers the next.
/// </summary>
public static class FlavorQuery
{
    static readonly string[] SortKeys =
    [
        "created_at", "description", "disabled", "ephemeral_gb", "flavorid", "id", "is_public", "memory_mb", "name", "root_gb",
        "rxtx_factor", "swap", "updated_at", "vcpu_weight", "vcpus",
    ];

    public static FlavorPage Apply(IReadOnlyList<Flavor> flavors, IQueryCollection query, bool isAdmin)
    {
        IEnumerable<Flavor> matching = flavors;
        if (isAdmin)
        {
            var isPublic = IsPublic(query["is_public"].ToString());
            if (isPublic is { } wanted) matching = matching.Where(f => f.IsPublic == wanted);
        }
        else matching = matching.Where(f => f.IsPublic && !f.Disabled);
        if (Minimum(query, "minRam") is { } ram) matching = matching.Where(f => f.Ram >= ram);
        if (Minimum(query, "minDisk") is { } disk) matching = matching.Where(f => f.Disk >= disk);

        var key = query["sort_key"].ToString() is { Length: > 0 } k ? k : "flavorid";
        if (!SortKeys.Contains(key))
            throw Rejection.BadRequest($"Invalid input for query parameters sort_key. Value: {key}. '{key}' is not one of [{string.Join(", ", SortKeys)}]");
        var dir = query["sort_dir"].ToString() is { Length: > 0 } d ? d : "asc";
        if (dir is not ("asc" or "desc")) throw Rejection.BadRequest($"Invalid input for query parameters sort_dir. Value: {dir}. '{dir}' is not one of ['asc', 'desc']");
        var sorted = matching.Order(Comparer<Flavor>.Create((a, b) =>
        {
            var compared = Compare(a, b, key);
            if (compared == 0) compared = string.CompareOrdinal(a.Id, b.Id);
            return dir == "desc" ? -compared : compared;
        })).ToList();

        var start = 0;
        if (query["marker"].ToString() is { Length: > 0 } marker)
        {
            var at = sorted.FindIndex(f => f.Id == marker);
            if (at < 0) throw Rejection.BadRequest($"marker [{marker}] not found");
            start = at + 1;
        }
        var limit = Limit(query["limit"].ToString());
        var page = sorted.Skip(start).Take(limit ?? int.MaxValue).ToList();
        return new FlavorPage(page, limit is { } l && page.Count == l && l > 0 ? page[^1].Id : null);
    }

    static int Compare(Flavor a, Flavor b, string key) => key switch
    {
        "name" => string.CompareOrdinal(a.Name, b.Name),
        "description" => string.CompareOrdinal(a.Description, b.Description),
        "memory_mb" => a.Ram.CompareTo(b.Ram),
        "vcpus" => a.Vcpus.CompareTo(b.Vcpus),
        "root_gb" => a.Disk.CompareTo(b.Disk),
        "swap" => a.Swap.CompareTo(b.Swap),
        "ephemeral_gb" => a.Ephemeral.CompareTo(b.Ephemeral),
        "rxtx_factor" => a.RxtxFactor.CompareTo(b.RxtxFactor),
        "is_public" => a.IsPublic.CompareTo(b.IsPublic),
        "disabled" => a.Disabled.CompareTo(b.Disabled),
        _ => string.CompareOrdinal(a.Id, b.Id), // flavorid, id; created_at, updated_at and vcpu_weight are the same for all
    };

    /// <summary>Nova's <c>is_public</c>: true (the default), false, or none (all).</summary>
    static bool? IsPublic(string value) => value.ToLowerInvariant() switch
    {
        "" or "true" or "t" or "yes" or "y" or "1" or "on" => true,
        "false" or "f" or "no" or "n" or "0" or "off" => false,
        "none" => null,
        _ => throw Rejection.BadRequest($"Invalid is_public filter [{value}]"),
    };

    static int? Minimum(IQueryCollection query, string name)
    {
        var value = query[name].ToString();
        if (value.Length == 0) return null;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var minimum)
            ? minimum
            : throw Rejection.BadRequest($"Invalid {name} filter [{value}]");
    }

    static int? Limit(string value)
    {
        if (value.Length == 0) return null;
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit))
            throw Rejection.BadRequest("limit param must be an integer");
        return limit < 0 ? throw Rejection.BadRequest("limit param must be positive") : Math.Min(limit, 1000);
    }
}
