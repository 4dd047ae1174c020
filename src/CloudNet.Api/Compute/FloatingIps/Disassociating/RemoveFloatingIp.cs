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

        var found = await ServerLookup.VisibleAsync(session, serverId, caller, ct);
        var ipFound = await FloatingIpLookup.VisibleAsync(session, command.Address, caller, ct);

        var serverStream = await session.Events.FetchForWriting<Server>(found.Id, ct);
        var ipStream = await session.Events.FetchForWriting<FloatingIp>(ipFound.Id, ct);
        var (onIp, onServer) = FloatingIpRules.Disassociate(
            FloatingIpRules.Visible(ipStream.Aggregate, command.Address, caller),
            ServerLookup.Visible(serverStream.Aggregate, serverId, caller),
            caller, now);
        ipStream.AppendOne(onIp);
        serverStream.AppendOne(onServer);
    }
}
