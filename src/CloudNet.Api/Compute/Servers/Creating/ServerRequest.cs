using System.Net;
using System.Text.Json;
using CloudNet.Compute.Flavors;
using CloudNet.Compute.Servers.Metadata;
using CloudNet.Errors;
using CloudNet.Images;
using CloudNet.Networks;

namespace CloudNet.Compute.Servers.Creating;

/// <summary>One of the server's networks: by its id (<c>uuid</c>, with an optional <c>fixed_ip</c>), or a port the client made
/// (<c>port</c>), whose network is the port's.</summary>
public sealed record NetworkRequest(Guid NetworkId, IPAddress? FixedIp, Guid? PortId = null);

/// <summary>A validated server create request.</summary>
public sealed record ServerRequest(string Name, string ImageRef, string FlavorRef, IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<NetworkRequest> Networks)
{
    public string? KeyName { get; init; }

    public string? AvailabilityZone { get; init; }

    /// <summary>nova's <c>security_groups</c>: names (or ids) of the project's groups; none: the project's default.</summary>
    public IReadOnlyList<string> SecurityGroups { get; init; } = [];

    /// <summary>
    /// The image the server records: a configured image named by its id or its name (or by nova's full image URL) is
    /// recorded by its id. Any other reference is kept as given: server create accepts any <c>imageRef</c> (SPEC).
    /// </summary>
    public string ImageRefIn(ImageCatalog images) =>
        images.ByIdOrName(LastSegment(ImageRef)) is { } image ? image.Id.ToString() : ImageRef;

    /// <summary>The flavor the server records: a configured one by its id or name; any other reference as given.</summary>
    public string FlavorRefIn(FlavorCatalog flavors) =>
        flavors.ByIdOrName(LastSegment(FlavorRef)) is { } flavor ? flavor.Id : FlavorRef;

    /// <summary>Nova also takes a reference as a URL (<c>http://…/images/{id}</c>): its last segment is the id.</summary>
    static string LastSegment(string reference) =>
        Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.Segments[^1].TrimEnd('/') : reference;

    /// <summary>Pure: nova's validation of the create body. Networks default to PublicNet and ServiceNet, as
    /// Rackspace does; <c>"none"</c> gives none; each network at most once.</summary>
    public static ServerRequest From(CreateServer? command)
    {
        // A JSON "null" body (or none at all) binds to no command: the same 400 as a body without "server".
        var body = command?.Server ?? throw Rejection.BadRequest("Invalid input for field/attribute server. Value: None.");
        var name = ValidName(body.Name);
        if (body.KeyName is { Length: 0 or > 255 })
            throw Rejection.BadRequest("Invalid input for field/attribute key_name: a name of 1 to 255 characters is required.");
        if (body.AvailabilityZone is { Length: 0 or > 255 })
            throw Rejection.BadRequest("Invalid input for field/attribute availability_zone: a name of 1 to 255 characters is required.");
        return new ServerRequest(name, body.ImageRef ?? "", body.FlavorRef ?? "",
            ServerMetadataRules.Valid(body.Metadata), ParseNetworks(body.Networks))
        {
            KeyName = body.KeyName,
            AvailabilityZone = body.AvailabilityZone,
            SecurityGroups = ParseSecurityGroups(body.SecurityGroups),
        };
    }

    /// <summary>nova's schema: a list of <c>{"name": …}</c>, each a non-empty string.</summary>
    static IReadOnlyList<string> ParseSecurityGroups(JsonElement? groups)
    {
        if (groups is not { } element || element.ValueKind is JsonValueKind.Null) return [];
        if (element.ValueKind is not JsonValueKind.Array)
            throw Rejection.BadRequest("Invalid input for field/attribute security_groups: a list of {\"name\": …} is required.");
        return element.EnumerateArray().Select(item =>
            item.ValueKind is JsonValueKind.Object && item.TryGetProperty("name", out var name) && name.ValueKind is JsonValueKind.String
                && name.GetString() is { Length: > 0 and <= 255 } text
                ? text
                : throw Rejection.BadRequest($"Invalid input for field/attribute security_groups: {item.GetRawText()} is not a {{\"name\": …}}.")).ToList();
    }

    /// <summary>nova's server name, at create and at update: 1 to 255 characters, not only spaces.</summary>
    public static string ValidName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 255
            ? throw Rejection.BadRequest("Invalid input for field/attribute name: a name of 1 to 255 characters is required.")
            : name;

    static IReadOnlyList<NetworkRequest> ParseNetworks(JsonElement? networks)
    {
        if (networks is not { } element || element.ValueKind is JsonValueKind.Null || element.ValueKind is JsonValueKind.String && element.GetString() == "auto")
            return [new(WellKnownNetworks.PublicNet, null), new(WellKnownNetworks.ServiceNet, null)];
        if (element.ValueKind is JsonValueKind.String && element.GetString() == "none")
            return [];
        if (element.ValueKind is not JsonValueKind.Array)
            throw Rejection.BadRequest("Bad networks format: networks must be a list of {\"uuid\": …}, \"auto\" or \"none\".");

        var requests = new List<NetworkRequest>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind is JsonValueKind.Object && item.TryGetProperty("port", out var port) && port.ValueKind is not JsonValueKind.Null)
            {
                if (port.ValueKind is not JsonValueKind.String || !Guid.TryParse(port.GetString(), out var portId))
                    throw Rejection.BadRequest($"Bad networks format: port uuid is not in proper format ({port})");
                if (requests.Any(r => r.PortId == portId))
                    throw Rejection.BadRequest($"Port {portId} is requested more than once.");
                requests.Add(new NetworkRequest(Guid.Empty, null, portId));
                continue;
            }
            if (item.ValueKind is not JsonValueKind.Object || !item.TryGetProperty("uuid", out var uuid) || uuid.ValueKind is not JsonValueKind.String)
                throw Rejection.BadRequest("Bad networks format: each network needs a \"uuid\" or a \"port\".");
            if (!Guid.TryParse(uuid.GetString(), out var id))
                throw Rejection.BadRequest($"Bad networks format: network uuid is not in proper format ({uuid.GetString()})");
            IPAddress? fixedIp = null;
            if (item.TryGetProperty("fixed_ip", out var fixedElement) && fixedElement.ValueKind is not JsonValueKind.Null)
            {
                if (fixedElement.ValueKind is not JsonValueKind.String || !IPAddress.TryParse(fixedElement.GetString(), out fixedIp))
                    throw Rejection.BadRequest($"Invalid fixed IP address ({fixedElement})");
            }
            if (requests.Any(r => r.PortId is null && r.NetworkId == id))
                throw Rejection.BadRequest($"Network {id} is requested more than once; a server has one port per network.");
            requests.Add(new NetworkRequest(id, fixedIp));
        }
        return requests;
    }
}
