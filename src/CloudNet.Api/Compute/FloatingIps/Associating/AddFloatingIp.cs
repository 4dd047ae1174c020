using System.Text.Json.Serialization;
using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;
using Marten;

namespace CloudNet.Compute.FloatingIps.Associating;

public sealed record AddFloatingIp(
    string? Address,
    [property: JsonPropertyName("fixed_address")] string? FixedAddress);

/// <summary>
/// The <c>addFloatingIp</c> server action. Both streams are fetched for writing, so a concurrent change to
/// either (the same IP added elsewhere, another IP added to this server) makes this commit fail: 409.
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
        ipStream.AppendOne(onIp);
        serverStream.AppendOne(onServer);
    }
}
