using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Identity;
using JasperFx.Events;
using CloudNet.Networks.Ports.Activating;
using Marten;

namespace CloudNet.Networks.FloatingIps;

public static class NeutronFloatingIpLookup
{
    /// <summary>The caller's floating IP by id, from the Neutron view. Another tenant's answers exactly as a missing one.</summary>
    public static async Task<NeutronFloatingIp> VisibleAsync(IQuerySession session, string floatingIpId, Caller caller, CancellationToken ct)
    {
        var view = Guid.TryParse(floatingIpId, out var id) ? await session.LoadAsync<NeutronFloatingIp>(id, ct) : null;
        return view is not null && view.TenantId == caller.TenantId ? view : throw NeutronFloatingIpErrors.NotFound(floatingIpId);
    }

    /// <summary>The caller's floating IP fetched for writing (appending to it fails the commit if another request, through
    /// either API, changed it meanwhile), with its Neutron view as of that version.</summary>
    public static async Task<(FloatingIp Ip, IEventStream<FloatingIp> Stream, NeutronFloatingIp View)> ForWritingAsync(
        IDocumentSession session, string floatingIpId, Caller caller, CancellationToken ct)
    {
        if (!Guid.TryParse(floatingIpId, out var id)) throw NeutronFloatingIpErrors.NotFound(floatingIpId);
        var stream = await session.Events.FetchForWriting<FloatingIp>(id, ct);
        if (stream.Aggregate is not { } ip || ip.TenantId != caller.TenantId) throw NeutronFloatingIpErrors.NotFound(floatingIpId);
        var view = await session.LoadAsync<NeutronFloatingIp>(id, ct) ?? throw NeutronFloatingIpErrors.NotFound(floatingIpId);
        return (ip, stream, view);
    }

    /// <summary>The port each associated floating IP points at: the one its association named, or, for one recorded before
    /// associations named ports, the port of the server holding its fixed IP (one query for all of those).</summary>
    public static async Task<IReadOnlyDictionary<Guid, Guid?>> PortIdsAsync(IQuerySession session, IReadOnlyCollection<NeutronFloatingIp> ips,
        CancellationToken ct)
    {
        var serverIds = ips.Where(ip => ip.PortId is null && ip.InstanceId is not null).Select(ip => ip.InstanceId!.Value).Distinct().ToArray();
        var servers = serverIds.Length == 0
            ? new Dictionary<Guid, Server>()
            : (await session.LoadManyAsync<Server>(ct, serverIds)).ToDictionary(s => s.Id);
        return ips.ToDictionary(ip => ip.Id,
            ip => ip.PortId ?? (ip.InstanceId is { } serverId ? PortAssociation.PortOf(servers.GetValueOrDefault(serverId), ip.FixedIp) : null));
    }

    /// <summary>The floating IPs' bodies: their ports (<see cref="PortIdsAsync"/>), and whether those wait for ACTIVE (one more
    /// query, only when one is associated).</summary>
    public static async Task<IReadOnlyList<Dictionary<string, object?>>> JsonAsync(IQuerySession session, IReadOnlyCollection<NeutronFloatingIp> ips,
        CancellationToken ct)
    {
        var ports = await PortIdsAsync(session, ips, ct);
        var waiting = await PortActivating.WaitingAsync(session, ips.Where(ip => ip.FixedIp is not null).Select(ip => ports[ip.Id]), ct);
        return ips.Select(ip => NeutronFloatingIpJson.From(ip, ports[ip.Id], ports[ip.Id] is { } port && waiting.Contains(port))).ToList();
    }

    public static async Task<Dictionary<string, object?>> JsonAsync(IQuerySession session, NeutronFloatingIp ip, CancellationToken ct) =>
        (await JsonAsync(session, [ip], ct))[0];
}
