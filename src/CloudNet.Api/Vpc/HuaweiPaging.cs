using CloudNet.Errors;

namespace CloudNet.Vpc;

/// <summary>Huawei v1's paging of every list, as a pure function: <c>limit</c> 0–2000 (none, and 0, mean 2000), <c>marker</c> the id
/// of the resource to start after; each list words its own refusal.</summary>
public static class HuaweiPaging
{
    public const int MaxLimit = 2000;

    public static (int Limit, Guid? Marker) Page(string? limit, string? marker, Func<string, Rejection> refuse)
    {
        var size = MaxLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out size) || size < 0 || size > MaxLimit))
            throw refuse($"limit must be an integer from 0 to {MaxLimit}, not '{limit}'.");
        if (size == 0) size = MaxLimit;
        Guid? after = null;
        if (!string.IsNullOrEmpty(marker))
            after = Guid.TryParse(marker, out var id) ? id : throw refuse($"marker '{marker}' is not a resource id.");
        return (size, after);
    }

    /// <summary>The page after <paramref name="marker"/> of a list in id order, and whether another follows it.</summary>
    public static (IReadOnlyList<T> Page, bool More) PageOf<T>(IReadOnlyList<T> ordered, Func<T, Guid> id, int limit, Guid? marker)
    {
        var rest = marker is { } after ? ordered.Where(x => id(x).CompareTo(after) > 0).ToList() : ordered;
        return (rest.Take(limit).ToList(), rest.Count > limit);
    }

    /// <summary>v3's <c>page_info</c>: the page's size, its first id, and the marker of the next page when there is one.</summary>
    public static Dictionary<string, object?> PageInfo<T>(IReadOnlyList<T> page, Func<T, Guid> id, bool more)
    {
        var info = new Dictionary<string, object?> { ["current_count"] = page.Count };
        if (page.Count > 0) info["previous_marker"] = id(page[0]);
        if (more) info["next_marker"] = id(page[^1]);
        return info;
    }
}
