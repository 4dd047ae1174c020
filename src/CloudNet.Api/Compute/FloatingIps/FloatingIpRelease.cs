using System.Net;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Ipam;
using JasperFx.Events;
using Marten;

namespace CloudNet.Compute.FloatingIps;

/// <summary>Releasing a floating IP, whichever API asks (nova's DELETE, Neutron's DELETE): the same events either way.</summary>
public static class FloatingIpRelease
{
    /// <summary>Detaches the IP from its server (in both streams) if it is attached, records the release and
    /// returns the address to its pool. <paramref name="allocator"/> must have been made before
    /// <paramref name="stream"/> was fetched, so that both work in the session's one transaction.</summary>
    public static async Task ReleaseAsync(IDocumentSession session, AddressAllocator allocator, FloatingIpPools pools, FloatingIp ip,
        IEventStream<FloatingIp> stream, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        if (ip.InstanceId is { } serverId)
        {
            var server = await session.Events.FetchForWriting<Server>(serverId, ct);
            if (server.Aggregate is not null)
                server.AppendOne(new FloatingIpRemovedFromServer(serverId, ip.Id, ip.Address, caller.UserName, now));
        }
        stream.AppendMany(FloatingIpRules.Release(ip, caller, now));

        var pool = pools.Find(ip.Pool);
        await allocator.ReleaseAsync(pool?.IpamScope ?? $"pool:{ip.Pool}", IPAddress.Parse(ip.Address), ip.Id, ct);
    }
}
