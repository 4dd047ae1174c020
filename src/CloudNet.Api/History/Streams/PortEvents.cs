using System.Text.Json;

namespace CloudNet.History.Streams;

/// <summary>jsonb containment patterns that find the server events concerning one port (a virtual interface).</summary>
public static class PortEvents
{
    public static string InServerCreated(Guid portId) => JsonSerializer.Serialize(new { Ports = new[] { new { PortId = portId } } });

    public static string InAttached(Guid portId) => JsonSerializer.Serialize(new { Port = new { PortId = portId } });

    public static string InDetached(Guid portId) => JsonSerializer.Serialize(new { PortId = portId });
}
