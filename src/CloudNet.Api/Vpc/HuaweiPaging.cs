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
}
