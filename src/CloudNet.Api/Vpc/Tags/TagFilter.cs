namespace CloudNet.Vpc.Tags;

/// <summary>One <c>tags</c> item of a <c>resource_instances</c> query: the key a resource must have, and the values it may have
/// for it (none: any value).</summary>
public sealed record TagCondition(string Key, IReadOnlyList<string> Values);

/// <summary>
/// Huawei's <c>POST …/resource_instances/action</c> as a pure function: the resources that carry every key asked for (with one
/// of its values, when values are given) and whose name contains the <c>resource_name</c> match, in id order; then the page.
/// </summary>
public static class TagFilter
{
    public const int MaxLimit = 1000;

    public static IReadOnlyList<TaggedView> Matching(IEnumerable<TaggedView> resources, IReadOnlyList<TagCondition> conditions, string? name) =>
        resources.Where(r => conditions.All(c => r.Tags.Any(t => t.Key == c.Key && (c.Values.Count == 0 || c.Values.Contains(t.Value))))
                && (string.IsNullOrEmpty(name) || r.Name.Contains(name, StringComparison.Ordinal)))
            .OrderBy(r => r.Id)
            .ToList();

    /// <summary>The request's conditions: keys valid and not repeated, values valid.</summary>
    public static IReadOnlyList<TagCondition> Conditions(IEnumerable<(string? Key, IReadOnlyList<string?>? Values)> tags)
    {
        var conditions = tags.Select(t =>
        {
            var key = ResourceTags.Valid(t.Key, "").Key;
            return new TagCondition(key, (t.Values ?? []).Select(v => ResourceTags.Valid(key, v).Value).Distinct().ToList());
        }).ToList();
        return conditions.GroupBy(c => c.Key).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? throw ResourceTags.Invalid($"Tag key is repeated: {twice.Key}.")
            : conditions;
    }

    /// <summary>Huawei's paging of these queries: <c>limit</c> 1–1000 (default 1000), <c>offset</c> from 0.</summary>
    public static (int Limit, int Offset) Page(int? limit, int? offset)
    {
        if (limit is < 1 or > MaxLimit) throw ResourceTags.Invalid($"Limit in resourceInstancesReq is invalid: {limit} is not from 1 to {MaxLimit}.");
        if (offset is < 0) throw ResourceTags.Invalid($"Offset in resourceInstancesReq is invalid: {offset}.");
        return (limit ?? MaxLimit, offset ?? 0);
    }

    /// <summary>The project's tags: each key with every value it has on any resource (<c>GET …/{collection}/tags</c>).</summary>
    public static IEnumerable<object> ProjectTags(IEnumerable<TaggedView> resources) =>
        resources.SelectMany(r => r.Tags).GroupBy(t => t.Key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (object)new { key = g.Key, values = g.Select(t => t.Value).Distinct().Order(StringComparer.Ordinal).ToList() });
}
