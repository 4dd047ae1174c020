using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;
using Marten;

namespace CloudNet.Compute.FloatingIps.Disassociating;

public sealed record RemoveFloatingIp(string? Address);

/// <summary>The <c>removeFloatingIp</c> server action: both streams change in one transaction.</summary>
public static class RemoveFloatingIpAction
{
    public static async Task ExecuteAsync(string serverId, RemoveFloatingIp command, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(command.Address))
            throw Rejection.BadRequest("Invalid input for field/attribute address: 'address' is a required property.");

        var (server, serverStream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);
        var (ip, ipStream) = await FloatingIpLookup.ForWritingAsync(session, command.Address, caller, ct);
        var (onIp, onServer) = FloatingIpRules.Disassociate(ip, server, caller, now);
        ipStream.AppendOne(onIp);
        serverStream.AppendOne(onServer);
    }
}
