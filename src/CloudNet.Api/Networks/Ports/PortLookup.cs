using CloudNet.Identity;
using JasperFx.Events;
using Marten;

namespace CloudNet.Networks.Ports;

public static class PortLookup
{
    /// <summary>The caller's port; another tenant's answers exactly as a missing one. Route ids arrive as text, so that a
    /// malformed one is Neutron's 404 too.</summary>
    public static async Task<Port> VisibleAsync(IQuerySession session, string portId, Caller caller, CancellationToken ct)
    {
        var port = Guid.TryParse(portId, out var id) ? await session.LoadAsync<Port>(id, ct) : null;
        return port is not null && port.TenantId == caller.TenantId ? port : throw PortRules.NotFound(portId);
    }

    /// <summary>The caller's port fetched for writing: appending to it fails the commit if another request changed it meanwhile.</summary>
    public static async Task<(Port Port, IEventStream<Port> Stream)> ForWritingAsync(IDocumentSession session, string portId, Caller caller,
        CancellationToken ct)
    {
        if (!Guid.TryParse(portId, out var id)) throw PortRules.NotFound(portId);
        var stream = await session.Events.FetchForWriting<Port>(id, ct);
        return stream.Aggregate is { } port && port.TenantId == caller.TenantId ? (port, stream) : throw PortRules.NotFound(portId);
    }

    /// <summary>
    /// The caller's port with its stream row locked until commit. What decides on the port from outside its stream (a
    /// floating IP pointed at it, a server taking it, its deletion looking for the floating IPs on it) takes this lock, so
    /// those decisions never interleave: each sees what the one before it committed.
    /// </summary>
    public static async Task<(Port Port, IEventStream<Port> Stream)> ForExclusiveWritingAsync(IDocumentSession session, Guid portId,
        Caller caller, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var stream = await session.Events.FetchForExclusiveWriting<Port>(portId, ct);
        return stream.Aggregate is { } port && port.TenantId == caller.TenantId ? (port, stream) : throw PortRules.NotFound(portId.ToString());
    }

    /// <summary>The <c>dns_domain</c> of each port's network, for their <c>dns_assignment</c> (one query).</summary>
    public static async Task<IReadOnlyDictionary<Guid, string?>> DnsDomainsAsync(IQuerySession session, IEnumerable<Port> ports, CancellationToken ct)
    {
        var ids = ports.Select(p => NetworkKeys.StreamId(p.NetworkId)).Distinct().ToArray();
        var networks = ids.Length == 0 ? [] : await session.LoadManyAsync<Network>(ct, ids);
        return networks.ToDictionary(n => n.NetworkId, n => n.Attributes.DnsDomain);
    }

    public static async Task<Dictionary<string, object?>> JsonAsync(IQuerySession session, Port port, CancellationToken ct) =>
        PortJson.From(port, (await DnsDomainsAsync(session, [port], ct)).GetValueOrDefault(port.NetworkId));
}
