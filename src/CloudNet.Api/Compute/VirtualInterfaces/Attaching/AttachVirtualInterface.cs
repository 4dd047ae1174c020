using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;
using CloudNet.Networks.Ports;
using CloudNet.Quotas;
using CloudNet.Ipam;
using Marten;
using Wolverine.Http;
using CloudNet.Networks.Ports.Activating;

namespace CloudNet.Compute.VirtualInterfaces.Attaching;

public sealed record AttachVirtualInterface(
    [property: System.Text.Json.Serialization.JsonPropertyName("virtual_interface")] AttachVirtualInterfaceBody? VirtualInterface);

public sealed record AttachVirtualInterfaceBody([property: System.Text.Json.Serialization.JsonPropertyName("network_id")] string? NetworkId);

/// <summary>
/// <c>POST /servers/{id}/os-virtual-interfacesv2</c> (seed 004): a port on the network with a MAC and an address
/// on each of its subnets; 200 with the new interface as a one-element list. The server's stream is fetched for
/// writing, so of two concurrent attachments to one network only one commits.
/// </summary>
public static class AttachVirtualInterfaceEndpoint
{
    [WolverinePost("/servers/{serverId}/os-virtual-interfacesv2", OperationId = "AttachVirtualInterface")]
    [Tags("Compute: virtual interfaces")]
    public static async Task<IResult> Post(string serverId, AttachVirtualInterface? command, HttpContext context, Caller caller,
        IDocumentSession session, QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var networkText = command?.VirtualInterface?.NetworkId
            ?? throw Rejection.BadRequest("Invalid input: {\"virtual_interface\": {\"network_id\": …}} is required.");
        if (!Guid.TryParse(networkText, out var networkId))
            throw Rejection.BadRequest($"Bad network_id format: network uuid is not in proper format ({networkText})");

        var (server, stream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);
        var allocator = await session.AddressAllocatorAsync(ct);
        var network = await NetworkLookup.ForAddressingAsync(session, networkId, caller, ct)
            ?? throw Rejection.BadRequest($"Network {networkText} could not be found.");
        VirtualInterfaceRules.EnsureAttachable(server, network);

        var groups = await ServerSecurityGroups.ForInterfaceAsync(session, server, caller, now, ct);
        var port = await ServerPorts.CreateAsync(session, allocator, network, server.Id, groups, caller, null, now,
            _ => Rejection.Conflict($"No more IP addresses available on network {network.NetworkId}.", "IpAddressGenerationFailure"),
            PortActivation.Of(context), ct);
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.Port, [port.PortId], Rejection.Forbidden("Maximum number of ports exceeded", "OverQuota"));
        stream.AppendOne(VirtualInterfaceRules.Attach(server, port, caller, now));
        return Results.Json(new { virtual_interfaces = new[] { VirtualInterfaceJson.From(port) } });
    }
}
