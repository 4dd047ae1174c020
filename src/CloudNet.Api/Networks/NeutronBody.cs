using System.Globalization;
using System.Net;
using System.Text.Json;
using CloudNet.Errors;
using CloudNet.Ipam;

namespace CloudNet.Networks;

/// <summary>
/// The resource object of a Neutron POST or PUT (<c>{"port": {...}}</c>), read as JSON rather than bound to a record:
/// Neutron tells an absent attribute (keep it) from one set to null (clear it), and refuses attributes it does not know
/// rather than ignoring them. Each reader answers Neutron's 400 for a value of the wrong type.
/// </summary>
public sealed class NeutronBody
{
    public const int MaxDescriptionLength = 255;
    public const int MaxNameLength = 255;

    readonly JsonElement body;

    NeutronBody(string resource, JsonElement body) => (Resource, this.body) = (resource, body);

    /// <summary>The resource's name in Neutron's messages (<c>port</c>, <c>floatingip</c>).</summary>
    public string Resource { get; }

    /// <summary>The resource object, with only the attributes the operation accepts.</summary>
    public static NeutronBody Of(string resource, JsonElement? wrapper, IReadOnlyCollection<string> accepted)
    {
        if (wrapper is not { ValueKind: JsonValueKind.Object } body)
            throw Bad(resource, "Resource body required");
        var unknown = body.EnumerateObject().Select(p => p.Name).Where(name => !accepted.Contains(name)).ToList();
        if (unknown.Count > 0)
            throw Bad(resource, $"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
        return new NeutronBody(resource, body);
    }

    /// <summary>neutron-lib <c>BadRequest</c>: "Bad %(resource)s request: %(msg)s."</summary>
    public static Rejection Bad(string resource, string message) => Rejection.BadRequest($"Bad {resource} request: {message}.", "BadRequest");

    public static Rejection InvalidInput(string field, string reason) =>
        Rejection.BadRequest($"Invalid input for {field}. Reason: {reason}.", "BadRequest");

    public bool Has(string name) => body.TryGetProperty(name, out _);

    public IEnumerable<string> Names => body.EnumerateObject().Select(p => p.Name);

    /// <summary>The attribute as it was sent, if it was.</summary>
    public JsonElement? Raw(string name) => body.TryGetProperty(name, out var value) ? value : null;

    /// <summary>The attribute as text; null when absent or JSON null; a 400 for any other JSON type.</summary>
    public string? Text(string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw InvalidInput(name, $"'{value.GetRawText()}' is not a valid string")
            : null;

    /// <summary>Text of at most <paramref name="maxLength"/> characters.</summary>
    public string? Text(string name, int maxLength)
    {
        var text = Text(name);
        return text is not null && text.Length > maxLength
            ? throw InvalidInput(name, $"'{text[..20]}…' exceeds maximum length of {maxLength}")
            : text;
    }

    public Guid? Uuid(string name) =>
        Text(name) is { } text
            ? Guid.TryParse(text, out var id) ? id : throw InvalidInput(name, $"'{text}' is not a valid UUID")
            : null;

    public IPAddress? Address(string name) =>
        Text(name) is { } text
            ? IpText.TryParseAddress(text, out var address) ? address : throw InvalidInput(name, $"'{text}' is not a valid IP address")
            : null;

    /// <summary>Neutron's <c>convert_to_boolean</c>: a JSON boolean, or "true"/"false"/"1"/"0" in any case, or 1/0.</summary>
    public bool? Bool(string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when value.GetString()!.ToLowerInvariant() is "true" or "1" => true,
            JsonValueKind.String when value.GetString()!.ToLowerInvariant() is "false" or "0" => false,
            JsonValueKind.Number when value.GetRawText() is "1" => true,
            JsonValueKind.Number when value.GetRawText() is "0" => false,
            _ => throw InvalidInput(name, $"'{value.GetRawText()}' cannot be converted to boolean"),
        };
    }

    /// <summary>An integer, given as a JSON number or as text.</summary>
    public int? Int(string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw InvalidInput(name, $"'{value.GetRawText()}' is not an integer");
    }

    /// <summary>A list of strings; null when absent, empty for JSON null.</summary>
    public IReadOnlyList<string>? Strings(string name)
    {
        if (!body.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw InvalidInput(name, $"'{value.GetRawText()}' is not a list of strings");
        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>A list of objects (allocation pools, host routes, fixed IPs); null when absent, empty for JSON null.</summary>
    public IReadOnlyList<JsonElement>? Objects(string name)
    {
        if (!body.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
            throw InvalidInput(name, $"'{value.GetRawText()}' is not a list of objects");
        return value.EnumerateArray().ToList();
    }

    /// <summary>Neutron's descriptions are at most 255 characters; null is the empty description.</summary>
    public string? Description() => Has("description") ? Text("description", MaxDescriptionLength) ?? "" : null;

    /// <summary>Neutron's names are at most 255 characters; null is the empty name.</summary>
    public string? Name() => Has("name") ? Text("name", MaxNameLength) ?? "" : null;
}
