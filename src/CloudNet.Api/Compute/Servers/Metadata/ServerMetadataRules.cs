using System.Text.RegularExpressions;
using CloudNet.Errors;
using CloudNet.Quotas;

namespace CloudNet.Compute.Servers.Metadata;

/// <summary>Pure: nova's rules for a server's metadata, at create and on the metadata routes.</summary>
public static partial class ServerMetadataRules
{
    public static Rejection ItemNotFound() => Rejection.NotFound("Metadata item was not found");

    public static Rejection Required(string field) =>
        Rejection.BadRequest($"Invalid input for field/attribute {field}. Value: None. '{field}' is a required property");

    /// <summary>
    /// nova's schema: keys of 1 to 255 letters, digits, spaces and <c>-_:.</c>; values strings of at most 255 characters.
    /// A copy is returned, which the caller's dictionary cannot change afterwards.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Valid(IReadOnlyDictionary<string, string>? metadata, string field = "metadata")
    {
        if (metadata is null) return new Dictionary<string, string>();
        foreach (var (key, value) in metadata)
        {
            if (!Key().IsMatch(key))
                throw Invalid(field, key, "a key is 1 to 255 letters, digits, spaces and '-', '_', ':' or '.'");
            if (value is null) throw Invalid(field, key, "a value is a string");
            if (value.Length > 255) throw Invalid(field, key, "a value is at most 255 characters long");
        }
        return new Dictionary<string, string>(metadata, StringComparer.Ordinal);
    }

    /// <summary>The one item of <c>PUT /servers/{id}/metadata/{key}</c>: exactly one, under the key the path names.</summary>
    public static IReadOnlyDictionary<string, string> Item(string key, IReadOnlyDictionary<string, string>? meta)
    {
        var item = Valid(meta ?? throw Required("meta"), "meta");
        if (item.Count != 1)
            throw Rejection.BadRequest($"Invalid input for field/attribute meta. The body holds {item.Count} items; it must hold exactly one.");
        return item.ContainsKey(key) ? item : throw Rejection.BadRequest("Request body and URI mismatch");
    }

    /// <summary>nova's <c>metadata_items</c> quota, which limits each server's items (-1 is no limit): 403 over it.</summary>
    public static IReadOnlyDictionary<string, string> WithinQuota(IReadOnlyDictionary<string, string> metadata, int limit) =>
        QuotaLimits.Allows(limit, 0, metadata.Count)
            ? metadata
            : throw Rejection.Forbidden($"Maximum number of metadata items exceeds {limit}");

    /// <summary><c>POST …/metadata</c> and <c>PUT …/metadata/{key}</c>: the items given replace those of the same key.</summary>
    public static IReadOnlyDictionary<string, string> Merged(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> given)
    {
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in given) merged[key] = value;
        return merged;
    }

    /// <summary><c>DELETE …/metadata/{key}</c>: the set without the key, which must be in it.</summary>
    public static IReadOnlyDictionary<string, string> Without(IReadOnlyDictionary<string, string> current, string key) =>
        current.ContainsKey(key)
            ? current.Where(item => item.Key != key).ToDictionary(item => item.Key, item => item.Value, StringComparer.Ordinal)
            : throw ItemNotFound();

    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(item => b.TryGetValue(item.Key, out var value) && value == item.Value);

    static Rejection Invalid(string field, string key, string rule) =>
        Rejection.BadRequest($"Invalid input for field/attribute {field}. Value: {key}. {rule}.");

    [GeneratedRegex(@"^[a-zA-Z0-9\-_:. ]{1,255}\z")] // \z: "$" would let a trailing newline through
    private static partial Regex Key();
}
