using System.Text.RegularExpressions;
using CloudNet.Errors;

namespace CloudNet.Vpc.Tags;

/// <summary>A Huawei resource tag: a key (unique on its resource) and a value.</summary>
public sealed record ResourceTag(string Key, string Value);

/// <summary>
/// Huawei's tag rules (VPC API reference, "VPC/subnet tag management"; error code <c>VPC.1801</c>) as pure functions, and the
/// one mapping between Huawei's key/value tags and Neutron's string tags. A Huawei subnet is a network, and its tags are the
/// tags Neutron shows for that network: <c>{"key":"env","value":"prod"}</c> is the Neutron tag <c>env=prod</c>, a tag with an
/// empty value is its bare key. Huawei's keys and values cannot hold <c>=</c>, so the mapping is lossless for every Huawei tag;
/// a Neutron tag without <c>=</c> is a key with an empty value, and one with several <c>=</c> splits at the first.
/// </summary>
public static partial class ResourceTags
{
    /// <summary>Tags a resource may carry (Huawei's per-resource limit).</summary>
    public const int MaxPerResource = 20;

    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 255;

    public static Rejection Invalid(string message) => Rejection.BadRequest(message, "VPC.1801");

    public static Rejection NotFound(string key) => Rejection.NotFound($"Tag {key} could not be found on the resource.", "VPC.1801");

    /// <summary>A tag of a request: a key of 1 to 128 letters, digits, '_' or '-'; a value of up to 255 of those or '.'.</summary>
    public static ResourceTag Valid(string? key, string? value)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || !KeyPattern().IsMatch(key))
            throw Invalid($"Tag key '{key}' is invalid: 1 to {MaxKeyLength} letters, digits, '_' or '-'.");
        value ??= "";
        if (value.Length > MaxValueLength || !ValuePattern().IsMatch(value))
            throw Invalid($"Tag value '{value}' of key {key} is invalid: up to {MaxValueLength} letters, digits, '_', '.' or '-'.");
        return new ResourceTag(key, value);
    }

    /// <summary>The tags of one request: valid, and no key twice.</summary>
    public static IReadOnlyList<ResourceTag> Valid(IEnumerable<(string? Key, string? Value)> tags)
    {
        var valid = tags.Select(t => Valid(t.Key, t.Value)).ToList();
        return valid.GroupBy(t => t.Key).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? throw Invalid($"Tag key is repeated: {twice.Key}.")
            : valid;
    }

    /// <summary>Creating a tag whose key the resource has replaces that key's value, as Huawei's create does.</summary>
    public static IReadOnlyList<ResourceTag> Upsert(IReadOnlyList<ResourceTag> current, IEnumerable<ResourceTag> added)
    {
        var result = current.ToList();
        foreach (var tag in added)
        {
            var at = result.FindIndex(t => t.Key == tag.Key);
            if (at >= 0) result[at] = tag;
            else result.Add(tag);
        }
        return result.Count > MaxPerResource ? throw Invalid($"number of tags exceeds max num of {MaxPerResource}.") : result;
    }

    /// <summary>Deleting tags by key; a key the resource does not have is a 404 when <paramref name="strict"/>.</summary>
    public static IReadOnlyList<ResourceTag> Remove(IReadOnlyList<ResourceTag> current, IEnumerable<string> keys, bool strict)
    {
        var gone = keys.ToHashSet();
        if (strict && gone.FirstOrDefault(k => current.All(t => t.Key != k)) is { } missing) throw NotFound(missing);
        return current.Where(t => !gone.Contains(t.Key)).ToList();
    }

    public static string ToNeutron(ResourceTag tag) => tag.Value.Length == 0 ? tag.Key : $"{tag.Key}={tag.Value}";

    public static ResourceTag FromNeutron(string tag) =>
        tag.IndexOf('=') is var at and >= 0 ? new ResourceTag(tag[..at], tag[(at + 1)..]) : new ResourceTag(tag, "");

    [GeneratedRegex(@"^[\p{L}\p{N}_\-]+$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}_.\-]*$")]
    private static partial Regex ValuePattern();
}
