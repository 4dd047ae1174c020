using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNet.Errors;
using Microsoft.AspNetCore.WebUtilities;

namespace CloudNet.Networks;

/// <summary>
/// What a Neutron list request asks for, read from its query string: filters on any attribute (a repeated parameter
/// matches any of its values), the tag filters, <c>sort_key</c>/<c>sort_dir</c>, <c>limit</c>/<c>marker</c>/<c>page_reverse</c>
/// and <c>fields</c>. Applied by <see cref="Apply"/> to the JSON bodies of a collection, so every <c>/v2.0</c> list pages,
/// sorts and filters alike, on exactly the attributes it shows.
/// </summary>
/// <remarks>
/// A filter on an attribute the resource does not have is ignored, as Neutron does without its <c>filter-validation</c>
/// extension (which is therefore not listed in <c>/v2.0/extensions</c>): clients that send a filter this service does not
/// know get an unfiltered list rather than an error.
/// </remarks>
public sealed record NeutronListQuery(
    IReadOnlyList<(string Attribute, IReadOnlyList<string> Values)> Filters,
    TagFilter Tags,
    IReadOnlyList<(string Key, bool Descending)> Sort,
    int? Limit,
    string? Marker,
    bool PageReverse,
    IReadOnlyList<string> Fields)
{
    static readonly HashSet<string> Controls =
        ["fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir", "tags", "tags-any", "not-tags", "not-tags-any"];

    /// <summary>Pure: the request's list parameters, with Neutron's 400s for a bad <c>limit</c>, <c>sort_dir</c> or tag filter.</summary>
    public static NeutronListQuery Parse(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query)
    {
        var parameters = query.ToDictionary(q => q.Key, q => q.Value.Where(v => v is not null).Select(v => v!).ToList());
        List<string> All(string name) => parameters.TryGetValue(name, out var values) ? values : [];
        string? Last(string name) => All(name) is { Count: > 0 } values ? values[^1] : null;

        int? limit = null;
        if (Last("limit") is { Length: > 0 } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 0)
                throw Rejection.BadRequest($"Bad limit request: Limit must be an integer 0 or greater and not '{limitText}'.", "BadRequest");
            limit = parsed == 0 ? null : parsed; // Neutron: 0 means no limit
        }

        var keys = All("sort_key");
        var directions = All("sort_dir");
        if (directions.Count > 0 && directions.Count != keys.Count)
            throw Rejection.BadRequest("The number of sort_keys and sort_dirs must be same.", "BadRequest");
        var sort = new List<(string, bool)>();
        for (var i = 0; i < keys.Count; i++)
        {
            var direction = directions.Count == 0 ? "asc" : directions[i];
            if (direction is not ("asc" or "desc"))
                throw Rejection.BadRequest($"{direction} is invalid value for sort_dir, valid values are 'asc' and 'desc'.", "BadRequest");
            sort.Add((keys[i], direction == "desc"));
        }

        var filters = parameters.Where(p => !Controls.Contains(p.Key) && p.Value.Count > 0)
            .Select(p => (p.Key, (IReadOnlyList<string>)p.Value)).ToList();
        var tags = new TagFilter(TagList(Last("tags")), TagList(Last("tags-any")), TagList(Last("not-tags")), TagList(Last("not-tags-any")));
        var pageReverse = bool.TryParse(Last("page_reverse"), out var reverse) && reverse;
        return new NeutronListQuery(filters, tags, sort, limit, Last("marker") is { Length: > 0 } marker ? marker : null, pageReverse,
            All("fields").SelectMany(f => f.Split(',')).Where(f => f.Length > 0).ToList());
    }

    static IReadOnlyList<string> TagList(string? text) => string.IsNullOrEmpty(text) ? [] : text.Split(',');

    /// <summary>
    /// Pure: the page of <paramref name="items"/> (every resource the caller may see, each a JSON body with an <c>id</c>)
    /// this query asks for: filtered, sorted (by <c>id</c> last, so the order is total and pages never overlap), paged
    /// after (or, reversed, before) the marker, each item cut to <c>fields</c>. The marker is looked for among all the
    /// items, filtered or not, as Neutron reads the marker's own row; one not seen at all answers 404 unless the order is
    /// by id alone, where its place is still known.
    /// </summary>
    public NeutronListPage Apply(IReadOnlyList<JsonObject> items, string notFoundType, string resourceName)
    {
        var attributes = items.Count == 0 ? [] : items[0].Select(p => p.Key).ToHashSet();
        foreach (var (key, _) in Sort)
            if (!attributes.Contains(key) && items.Count > 0)
                throw Rejection.BadRequest($"{key} is invalid attribute for sort_key.", "BadRequest");
        var order = Sort.Append(("id", false)).ToList();
        var comparer = Comparer<JsonObject>.Create((a, b) =>
        {
            foreach (var (key, descending) in order)
            {
                var compared = CompareValues(a[key], b[key]);
                if (compared != 0) return descending ? -compared : compared;
            }
            return 0;
        });

        var matching = items.Where(item => Matches(item, attributes)).Order(comparer).ToList();
        var start = 0;
        var end = matching.Count;
        if (Marker is not null)
        {
            if (!Guid.TryParse(Marker, out var markerId))
                throw Rejection.BadRequest($"Bad marker request: '{Marker}' is not an id.", "BadRequest");
            var markerItem = items.FirstOrDefault(i => i["id"]?.ToString() == Marker);
            int at;
            if (markerItem is not null)
                at = matching.FindIndex(i => comparer.Compare(i, markerItem) >= 0) is var found and >= 0 ? found : matching.Count;
            else if (Sort.Count == 0)
                at = matching.FindIndex(i => Guid.Parse(i["id"]!.ToString()).CompareTo(markerId) >= 0) is var found and >= 0 ? found : matching.Count;
            else
                throw Rejection.NotFound($"{resourceName} {Marker} could not be found.", notFoundType);
            var atMarker = at < matching.Count && matching[at]["id"]?.ToString() == Marker;
            if (PageReverse) end = at;
            else start = atMarker ? at + 1 : at;
        }
        if (Limit is { } size)
        {
            if (PageReverse) start = Math.Max(0, end - size);
            else end = Math.Min(matching.Count, start + size);
        }
        else if (PageReverse && Marker is null)
        {
            start = 0;
        }
        var page = matching.Skip(start).Take(end - start).Select(Select).ToList();
        return new NeutronListPage(page, page.Count == 0 || Limit is null ? null : matching[start]["id"]!.ToString(),
            page.Count == 0 || Limit is null ? null : matching[end - 1]["id"]!.ToString(), end < matching.Count, start > 0);
    }

    bool Matches(JsonObject item, HashSet<string> attributes)
    {
        foreach (var (attribute, wanted) in Filters)
        {
            if (!attributes.Contains(attribute)) continue;
            if (!Matches(item[attribute], wanted)) return false;
        }
        return Tags.Matches(item["tags"] is JsonArray tags ? tags.Select(t => t?.ToString() ?? "").ToHashSet() : []);
    }

    /// <summary>A scalar equals one of the wanted values; a list holds one of them; a list of objects (a port's <c>fixed_ips</c>)
    /// is filtered by <c>key=value</c> pairs, each key on its own (all keys must match, any value of a key).</summary>
    static bool Matches(JsonNode? value, IReadOnlyList<string> wanted) => value switch
    {
        JsonArray list when list.Any(e => e is JsonObject) => wanted
            .Select(w => w.Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0], kv => kv[1])
            .All(key => list.OfType<JsonObject>().Any(o => key.Any(v => Same(o[key.Key], v)))),
        JsonArray list => list.Any(e => wanted.Any(w => Same(e, w))),
        _ => wanted.Any(w => Same(value, w)),
    };

    static bool Same(JsonNode? value, string wanted)
    {
        if (value is null) return wanted.Length == 0 || wanted.Equals("none", StringComparison.OrdinalIgnoreCase) || wanted.Equals("null", StringComparison.OrdinalIgnoreCase);
        if (value is JsonValue scalar)
        {
            switch (scalar.GetValueKind())
            {
                case JsonValueKind.True or JsonValueKind.False:
                    return Boolean(wanted) is { } b && b == scalar.GetValue<bool>();
                case JsonValueKind.Number:
                    return decimal.TryParse(wanted, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n == Number(scalar);
                case JsonValueKind.String:
                    return scalar.GetValue<string>() == wanted;
            }
        }
        return false;
    }

    /// <summary>Neutron's <c>convert_to_boolean</c>: true/false in any case, or 1/0.</summary>
    static bool? Boolean(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    /// <summary>nulls first, then numbers, booleans and strings by value (strings ordinally); lists and objects by their JSON.</summary>
    static int CompareValues(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        if (a is JsonValue x && b is JsonValue y && x.GetValueKind() == y.GetValueKind())
        {
            return x.GetValueKind() switch
            {
                JsonValueKind.Number => Number(x).CompareTo(Number(y)),
                JsonValueKind.True or JsonValueKind.False => x.GetValue<bool>().CompareTo(y.GetValue<bool>()),
                JsonValueKind.String => string.CompareOrdinal(x.GetValue<string>(), y.GetValue<string>()),
                _ => 0,
            };
        }
        return string.CompareOrdinal(a.ToJsonString(), b.ToJsonString());
    }

    /// <summary>A JSON number whatever CLR type the node was made from (an int, a long, a parsed element).</summary>
    static decimal Number(JsonValue value) => decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Neutron's column selection: <c>?fields=a&amp;fields=b</c> keeps only those attributes (unknown ones are ignored).</summary>
    JsonObject Select(JsonObject item) =>
        Fields.Count == 0 ? item : new JsonObject(item.Where(p => Fields.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    /// <summary>The <c>*_links</c> of a page: next when more follow it, previous when some precede it; each keeps the
    /// request's other parameters.</summary>
    public static JsonArray Links(NeutronListPage page, string collectionUrl, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query)
    {
        var links = new JsonArray();
        if (page.FirstId is null || page.LastId is null) return links;
        var kept = query.Where(q => q.Key is not ("marker" or "page_reverse")).ToList();
        string Url(string marker, bool reverse)
        {
            var parameters = kept.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))).ToList();
            parameters.Add(KeyValuePair.Create("marker", (string?)marker));
            if (reverse) parameters.Add(KeyValuePair.Create("page_reverse", (string?)"True"));
            return QueryHelpers.AddQueryString(collectionUrl, parameters);
        }
        if (page.MoreAfter) links.Add(new JsonObject { ["href"] = Url(page.LastId, false), ["rel"] = "next" });
        if (page.MoreBefore) links.Add(new JsonObject { ["href"] = Url(page.FirstId, true), ["rel"] = "previous" });
        return links;
    }
}

/// <summary>A page of a Neutron list: its items, the ids its links start from, and whether items follow or precede it.</summary>
public sealed record NeutronListPage(IReadOnlyList<JsonObject> Items, string? FirstId, string? LastId, bool MoreAfter, bool MoreBefore);

/// <summary>Neutron's tag filters (<c>standard-attr-tag</c>): <c>tags</c> all of, <c>tags-any</c> one of, <c>not-tags</c> not all
/// of, <c>not-tags-any</c> none of; each a comma-separated list.</summary>
public sealed record TagFilter(IReadOnlyList<string> All, IReadOnlyList<string> Any, IReadOnlyList<string> NotAll, IReadOnlyList<string> NotAny)
{
    public bool Matches(IReadOnlySet<string> tags) =>
        (All.Count == 0 || All.All(tags.Contains))
        && (Any.Count == 0 || Any.Any(tags.Contains))
        && (NotAll.Count == 0 || !NotAll.All(tags.Contains))
        && (NotAny.Count == 0 || !NotAny.Any(tags.Contains));
}
