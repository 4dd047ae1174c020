using CloudNet.Compute.Servers;
using CloudNet.Identity;
using Marten;

namespace CloudNet.Compute.FloatingIps;

/// <summary>
/// When what a floating IP maps to goes away (the server, or the interface holding its fixed IP), the IP is
/// disassociated in its own stream, as nova does; it stays allocated to the tenant.
/// </summary>
public static class FloatingIpDetachment
{
    public static async Task DisassociateAsync(IDocumentSession session, Server server, IEnumerable<AttachedFloatingIp> floatingIps,
        Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var attached in floatingIps)
        {
            var ip = await session.Events.FetchForWriting<FloatingIp>(attached.FloatingIpId, ct);
            if (ip.Aggregate?.InstanceId == server.Id)
                ip.AppendOne(new FloatingIpDisassociated(attached.FloatingIpId, server.Id, caller.UserName, now));
        }
    }
}
