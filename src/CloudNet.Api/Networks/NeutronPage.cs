using CloudNet.Errors;
using Microsoft.AspNetCore.WebUtilities;

namespace CloudNet.Networks;

/// <summary>A page of a Neutron list (Cloud Networks paging: <c>limit</c>, <c>marker</c>, <c>page_reverse</c>).</summary>
public sealed record NeutronPage<T>(IReadOnlyList<T> Items, int? Limit, bool MoreAfter, bool MoreBefore, Func<T, Guid> IdOf);

public static class NeutronPage
{
    public const int MaxLimit = 100;

    /// <summary>Pure: the page of <paramref name="ordered"/> (ascending by id) the query asks for. Without
    /// <c>limit</c> everything is returned, up to <see cref="MaxLimit"/>; a marker past the end gives an empty page.</summary>
    public static NeutronPage<T> Of<T>(IReadOnlyList<T> ordered, Func<T, Guid> idOf, string? limit, string? marker, string? pageReverse)
    {
        var size = MaxLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out size) || size < 1))
            throw Rejection.BadRequest($"Bad limit request: limit must be a positive integer, not '{limit}'.", "BadRequest");
        size = Math.Min(size, MaxLimit);
        var reverse = string.Equals(pageReverse, "true", StringComparison.OrdinalIgnoreCase);
        var start = 0;
        var end = ordered.Count;
        if (!string.IsNullOrEmpty(marker))
        {
            if (!Guid.TryParse(marker, out var markerId))
                throw Rejection.BadRequest($"Bad marker request: '{marker}' is not an id.", "BadRequest");
            var at = ordered.ToList().FindIndex(x => idOf(x).CompareTo(markerId) >= 0);
            if (at < 0) at = ordered.Count;
            var atMarker = at < ordered.Count && idOf(ordered[at]) == markerId;
            if (reverse) end = at;
            else start = atMarker ? at + 1 : at;
        }
        if (reverse) start = Math.Max(0, end - size);
        else end = Math.Min(ordered.Count, start + size);
        var items = ordered.Skip(start).Take(end - start).ToList();
        return new NeutronPage<T>(items, string.IsNullOrEmpty(limit) ? null : size, end < ordered.Count, start > 0, idOf);
    }

    /// <summary>The <c>*_links</c> of a page: next when more follow it, previous when some precede it.</summary>
    public static List<object> Links<T>(NeutronPage<T> page, string collectionUrl, IQueryCollection query)
    {
        var links = new List<object>();
        if (page.Items.Count == 0 || page.Limit is null) return links;
        string Url(Guid marker, bool reverse)
        {
            var parameters = query.Where(q => q.Key is not ("marker" or "page_reverse"))
                .ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            parameters["marker"] = marker.ToString();
            if (reverse) parameters["page_reverse"] = "True";
            return QueryHelpers.AddQueryString(collectionUrl, parameters);
        }
        if (page.MoreAfter) links.Add(new { href = Url(page.IdOf(page.Items[^1]), false), rel = "next" });
        if (page.MoreBefore) links.Add(new { href = Url(page.IdOf(page.Items[0]), true), rel = "previous" });
        return links;
    }
}
