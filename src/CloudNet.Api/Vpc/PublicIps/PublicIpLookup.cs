using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using CloudNet.Networks.Ports.Activating;
using JasperFx.Events;
using Marten;

namespace CloudNet.Vpc.PublicIps;

public static class PublicIpLookup
{
    /// <summary>The caller's EIP; another project's answers as a missing one (<c>VPC.0504</c>).</summary>
    public static async Task<PublicIp> VisibleAsync(IQuerySession session, string publicIpId, Caller caller, CancellationToken ct)
    {
        var ip = Guid.TryParse(publicIpId, out var id) ? await session.LoadAsync<PublicIp>(id, ct) : null;
        return ip is not null && ip.TenantId == caller.TenantId ? ip : throw PublicIpErrors.NotFound(publicIpId);
    }

    /// <summary>The caller's floating IP fetched for writing (a change through any of the three APIs meanwhile fails the commit),
    /// with Huawei's view of it.</summary>
    public static async Task<(FloatingIp Ip, IEventStream<FloatingIp> Stream, PublicIp View)> ForWritingAsync(IDocumentSession session,
        string publicIpId, Caller caller, CancellationToken ct)
    {
        if (!Guid.TryParse(publicIpId, out var id)) throw PublicIpErrors.NotFound(publicIpId);
        var stream = await session.Events.FetchForWriting<FloatingIp>(id, ct);
        if (stream.Aggregate is not { } ip || ip.TenantId != caller.TenantId) throw PublicIpErrors.NotFound(publicIpId);
        var view = await session.LoadAsync<PublicIp>(id, ct) ?? throw PublicIpErrors.NotFound(publicIpId);
        return (ip, stream, view);
    }

    /// <summary>The port each bound EIP is on: the one its association named, or, for one recorded before associations named
    /// ports, the port of the server holding its fixed IP.</summary>
    public static async Task<IReadOnlyDictionary<Guid, Guid?>> PortIdsAsync(IQuerySession session, IReadOnlyCollection<PublicIp> ips, CancellationToken ct)
    {
        var serverIds = ips.Where(ip => ip.PortId is null && ip.InstanceId is not null).Select(ip => ip.InstanceId!.Value).Distinct().ToArray();
        var servers = serverIds.Length == 0 ? [] : (await session.LoadManyAsync<Server>(ct, serverIds)).ToDictionary(s => s.Id);
        return ips.ToDictionary(ip => ip.Id,
            ip => ip.PortId ?? (ip.InstanceId is { } serverId ? PortAssociation.PortOf(servers.GetValueOrDefault(serverId), ip.FixedIp) : null));
    }

    /// <summary>The EIPs' bodies: their ports (<see cref="PortIdsAsync"/>), and whether those wait for ACTIVE (one more query, only
    /// when one is bound).</summary>
    public static async Task<IReadOnlyList<Dictionary<string, object?>>> JsonAsync(IQuerySession session, IReadOnlyCollection<PublicIp> ips,
        PublicIpTypes types, CancellationToken ct)
    {
        var ports = await PortIdsAsync(session, ips, ct);
        var waiting = await PortActivating.WaitingAsync(session, ips.Where(ip => ip.IsBound).Select(ip => ports[ip.Id]), ct);
        return ips.Select(ip => PublicIpJson.From(ip, types.TypeOf(ip.Pool), ports[ip.Id], ports[ip.Id] is { } port && waiting.Contains(port))).ToList();
    }

    public static async Task<Dictionary<string, object?>> JsonAsync(IQuerySession session, PublicIp ip, PublicIpTypes types, CancellationToken ct) =>
        (await JsonAsync(session, [ip], types, ct))[0];
}
