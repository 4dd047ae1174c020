using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Networks.SharedIps;
using Marten;

namespace CloudNet.Compute.IpAssociations;

/// <summary>
/// When a server stops being able to answer on a shared IP (it is deleted, or loses the port the IP was
/// provisioned on), the association ends in the IP's stream too, so the IP can still be de-allocated.
/// </summary>
public static class IpAssociationDetachment
{
    /// <returns>The associations ended, for the caller to record in the server's stream if it lives on.</returns>
    public static async Task<IReadOnlyList<ServerIpAssociation>> DisassociateAsync(IDocumentSession session, Server server,
        Func<SharedIp, bool> affected, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var ended = new List<ServerIpAssociation>();
        foreach (var association in server.IpAssociations)
        {
            var ip = await session.Events.FetchForWriting<SharedIp>(association.IpAddressId, ct);
            if (ip.Aggregate is not { } shared || !shared.AssociatedServers.Contains(server.Id) || !affected(shared)) continue;
            ip.AppendOne(new IpDisassociated(shared.Id, server.Id, caller.UserName, now));
            ended.Add(association);
        }
        return ended;
    }
}
