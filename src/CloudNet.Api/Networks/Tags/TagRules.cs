using CloudNet.Errors;

namespace CloudNet.Networks.Tags;

/// <summary>Neutron's tag rules (<c>neutron/extensions/tagging.py</c>), as pure functions: state and request in, the new set out.</summary>
public static class TagRules
{
    /// <summary>Neutron's <c>MAX_TAG_LEN</c>.</summary>
    public const int MaxLength = 255;

    public static Rejection NotFound(string tag) => Rejection.NotFound($"Tag {tag} could not be found.", "TagNotFound");

    /// <summary>A <c>PUT …/tags</c> body's tags: a list of unique strings of 1 to 255 characters.</summary>
    public static IReadOnlyList<string> Valid(IReadOnlyList<string?>? tags)
    {
        if (tags is null) throw Invalid("Invalid tags body");
        var valid = tags.Select(Valid).ToList();
        var duplicate = valid.GroupBy(t => t).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? valid : throw Invalid($"Duplicate items in the list: '{duplicate.Key}'");
    }

    /// <summary>A tag: a string (JSON null is none) of 1 to 255 characters.</summary>
    public static string Valid(string? tag) =>
        tag is { Length: > 0 and <= MaxLength } ? tag : throw Invalid($"'{tag}' is not a valid tag: it must be a string of 1 to {MaxLength} characters");

    /// <summary>Adding a tag already there changes nothing (Neutron answers 201 all the same).</summary>
    public static IReadOnlyList<string> Add(IReadOnlyList<string> current, IEnumerable<string> added) =>
        [.. current, .. added.Where(t => !current.Contains(t)).Distinct()];

    public static IReadOnlyList<string> Remove(IReadOnlyList<string> current, string tag) =>
        current.Contains(tag) ? current.Where(t => t != tag).ToList() : throw NotFound(tag);

    static Rejection Invalid(string message) => Rejection.BadRequest($"Invalid input for operation: {message}.", "InvalidInput");
}
