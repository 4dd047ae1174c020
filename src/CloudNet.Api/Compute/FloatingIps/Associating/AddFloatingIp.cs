using System.Text.Json.Serialization;
using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks.Routers;
using Marten;

namespace CloudNet.Compute.FloatingIps.Associating;

public sealed record AddFloatingIp(
    string? Address,
    [property: JsonPropertyName("fixed_address")] string? FixedAddress);

/// <summary>
/// The <c>addFloatingIp</c> server action. Both streams are fetched for writing, so a concurrent change to
/// either (the same IP added elsewhere, another IP added to this server) makes this commit fail: 409. A fixed IP on a tenant
/// network needs a router to the IP's pool, as in Neutron; PublicNet and ServiceNet need none.
/// </summary>
public static class AddFloatingIpAction
{
    public static async Task ExecuteAsync(string serverId, AddFloatingIp command, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(command.Address))
            throw Rejection.BadRequest("Invalid input for field/attribute address: 'address' is a required property.");

        var (server, serverStream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);
        var (ip, ipStream) = await FloatingIpLookup.ForWritingAsync(session, command.Address, caller, ct);
        var (onIp, onServer) = FloatingIpRules.Associate(ip, server, command.FixedAddress, caller, now);
        var routerId = await RouterAsync(session, server, ip, onIp.FixedIp, ct);
        ipStream.AppendOne(onIp with { RouterId = routerId });
        serverStream.AppendOne(onServer);
    }

    /// <summary>Neutron's rule, which nova meets when it asks Neutron to associate: a fixed IP on a tenant network is reached
    /// through a router; without one nova answers 400 with Neutron's reason.</summary>
    static async Task<Guid?> RouterAsync(IDocumentSession session, Server server, FloatingIp ip, string fixedAddress, CancellationToken ct)
    {
        var port = server.Ports.First(p => p.FixedIps.Any(f => f.Address == fixedAddress));
        try
        {
            return await FloatingIpRouting.RouterForAsync(session, port.NetworkId, port.FixedIps.First(f => f.Address == fixedAddress),
                FloatingIpPool.NetworkIdOf(ip.Pool), port.PortId, ct);
        }
        catch (Rejection e) when (e.Kind == RejectionKind.NotFound)
        {
            throw Rejection.BadRequest($"Unable to associate floating IP {ip.Address} to fixed IP {fixedAddress} for instance {server.Id}. Error: {e.Message}");
        }
    }
}
