using System.Net;
using System.Text.Json;
using CloudNet.Ipam;

namespace CloudNet.Networks.FloatingIps;

/// <summary>
/// The <c>floatingip</c> object of a POST or PUT, read as JSON rather than bound to a record: Neutron tells an
/// absent <c>port_id</c> (keep the association) from <c>"port_id": null</c> (end it), and refuses attributes it
/// does not know rather than ignoring them.
/// </summary>
public sealed class FloatingIpBody
{
    public const int MaxDescriptionLength = 255;

    readonly JsonElement body;

    FloatingIpBody(JsonElement body) => this.body = body;

    /// <summary>The <c>floatingip</c> object, with only the attributes the operation accepts.</summary>
    public static FloatingIpBody Of(JsonElement? wrapper, IReadOnlyCollection<string> accepted)
    {
        if (wrapper is not { ValueKind: JsonValueKind.Object } body)
            throw NeutronFloatingIpErrors.Bad("Resource body required");
        var unknown = body.EnumerateObject().Select(p => p.Name).Where(name => !accepted.Contains(name)).ToList();
        if (unknown.Count > 0)
            throw NeutronFloatingIpErrors.Bad($"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
        return new FloatingIpBody(body);
    }

    public bool Has(string name) => body.TryGetProperty(name, out _);

    /// <summary>The attribute as text; null when absent or JSON null; a 400 for any other JSON type.</summary>
    public string? Text(string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw NeutronFloatingIpErrors.InvalidInput(name, $"'{value.GetRawText()}' is not a valid string")
            : null;

    public Guid? Uuid(string name) =>
        Text(name) is { } text
            ? Guid.TryParse(text, out var id) ? id : throw NeutronFloatingIpErrors.InvalidInput(name, $"'{text}' is not a valid UUID")
            : null;

    public IPAddress? Address(string name) =>
        Text(name) is { } text
            ? IpText.TryParseAddress(text, out var address) ? address : throw NeutronFloatingIpErrors.InvalidInput(name, $"'{text}' is not a valid IP address")
            : null;

    /// <summary>Neutron's descriptions are at most 255 characters; null is the empty description.</summary>
    public string? Description()
    {
        if (!Has("description")) return null;
        var text = Text("description") ?? "";
        return text.Length <= MaxDescriptionLength
            ? text
            : throw NeutronFloatingIpErrors.InvalidInput("description", $"'{text[..20]}…' exceeds maximum length of {MaxDescriptionLength}");
    }
}
