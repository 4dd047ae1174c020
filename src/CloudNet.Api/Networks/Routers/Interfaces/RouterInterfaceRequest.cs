using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudNet.Networks.Routers.Interfaces;

/// <summary>The body of <c>add_router_interface</c> and <c>remove_router_interface</c>: a subnet, a port, or (to remove) both.</summary>
public sealed record RouterInterfaceRequest(
    [property: JsonPropertyName("subnet_id")] JsonElement? SubnetId,
    [property: JsonPropertyName("port_id")] JsonElement? PortId)
{
    /// <summary>The ids as Neutron's <c>_validate_interface_info</c> reads them: one at least, each a UUID; both only to remove.</summary>
    public (Guid? PortId, Guid? SubnetId) Ids(bool forRemoval)
    {
        var port = Uuid(PortId);
        var subnet = Uuid(SubnetId);
        if (port is null && subnet is null) throw RouterRules.Bad("Either subnet_id or port_id must be specified");
        if (!forRemoval && port is not null && subnet is not null) throw RouterRules.Bad("Cannot specify both subnet-id and port-id");
        return (port, subnet);
    }

    static Guid? Uuid(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text when Guid.TryParse(text.GetString(), out var id) => id,
        { } other => throw RouterRules.Bad($"'{(other.ValueKind == JsonValueKind.String ? other.GetString() : other.GetRawText())}' is not a valid UUID"),
    };
}
