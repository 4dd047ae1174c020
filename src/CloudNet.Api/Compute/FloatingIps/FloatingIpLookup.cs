using System.Net;
using CloudNet.Identity;
using Marten;
using JasperFx.Events;

namespace CloudNet.Compute.FloatingIps;

public static class FloatingIpLookup
{
    /// <summary>By UUID or by address (SPEC: both name the same floating IP), from the read model.</summary>
    public static async Task<FloatingIp> VisibleAsync(IQuerySession session, string idOrAddress, Caller caller, CancellationToken ct)
    {
        var id = await IdOfAsync(session, idOrAddress, caller, ct);
        var ip = id is { } known ? await session.LoadAsync<FloatingIp>(known, ct) : null;
        return FloatingIpRules.Visible(ip, idOrAddress, caller);
    }

    /// <summary>The caller's floating IP, by UUID or address, fetched for writing: appending to it fails the
    /// commit if another request changed it in the meantime.</summary>
    public static async Task<(FloatingIp Ip, IEventStream<FloatingIp> Stream)> ForWritingAsync(IDocumentSession session,
        string idOrAddress, Caller caller, CancellationToken ct)
    {
        var id = await IdOfAsync(session, idOrAddress, caller, ct) ?? throw FloatingIpRules.NotFound(idOrAddress);
        var stream = await session.Events.FetchForWriting<FloatingIp>(id, ct);
        return (FloatingIpRules.Visible(stream.Aggregate, idOrAddress, caller), stream);
    }

    static async Task<Guid?> IdOfAsync(IQuerySession session, string idOrAddress, Caller caller, CancellationToken ct)
    {
        if (Guid.TryParse(idOrAddress, out var id)) return id;
        if (!IPAddress.TryParse(idOrAddress, out var address)) return null;
        var text = address.ToString();
        var ip = await session.Query<FloatingIp>().FirstOrDefaultAsync(x => x.Address == text && x.TenantId == caller.TenantId, ct);
        return ip?.Id;
    }
}
