using System.Text.Json.Serialization;
using CloudNet.Identity;
using CloudNet.Networks.SharedIps.Deallocating;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SharedIps.ReplacingPorts;

public sealed record ReplacePorts([property: JsonPropertyName("ip_address")] ReplacePortsBody? IpAddress);

public sealed record ReplacePortsBody([property: JsonPropertyName("port_ids")] List<string>? PortIds);

/// <summary><c>PUT /v2.0/ip_addresses/{id}</c>: the new port list replaces the old; an empty one de-allocates (CN docs).</summary>
public static class ReplacePortsEndpoint
{
    [WolverinePut("/v2.0/ip_addresses/{ipAddressId}", OperationId = "ReplaceIpAddressPorts")]
    [Tags("Networks: shared IPs")]
    public static async Task<IResult> Put(string ipAddressId, ReplacePorts? command, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var portIds = command?.IpAddress?.PortIds ?? throw SharedIpRules.Bad("port_ids is required");
        if (portIds.Count == 0)
        {
            await DeallocateIpAddressEndpoint.DeallocateAsync(ipAddressId, caller, session, now, ct);
            return Results.Json(new { ip_address = (object?)null });
        }
        var (ip, stream) = await SharedIpLookup.ForWritingAsync(session, ipAddressId, caller, ct);
        var ports = await SharedIpPorts.ResolveAsync(session, caller, ip.NetworkId, portIds, [], ct);
        var replaced = SharedIpRules.ReplacePorts(ip, ports, caller, now);
        stream.AppendOne(replaced);
        return Results.Json(new { ip_address = SharedIpJson.From(ip.Apply(replaced)) });
    }
}
