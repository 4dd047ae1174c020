using CloudNet.Identity;
using JasperFx.Events;
using Marten;

namespace CloudNet.Networks.Routers;

public static class RouterLookup
{
    /// <summary>The caller's router; another tenant's answers exactly as a missing one. Route ids arrive as text, so that a
    /// malformed one is Neutron's 404 too.</summary>
    public static async Task<Router> VisibleAsync(IQuerySession session, string routerId, Caller caller, CancellationToken ct)
    {
        var router = Guid.TryParse(routerId, out var id) ? await session.LoadAsync<Router>(id, ct) : null;
        return router is not null && router.TenantId == caller.TenantId ? router : throw RouterRules.NotFound(routerId);
    }

    /// <summary>
    /// The caller's router with its stream row locked until commit. Whatever decides on the router from outside its stream
    /// (a floating IP routed through it) takes this lock too, so that an interface or a gateway cannot go while a floating IP
    /// comes to need it: each sees what the other committed.
    /// </summary>
    public static async Task<(Router Router, IEventStream<Router> Stream)> ForExclusiveWritingAsync(IDocumentSession session, string routerId,
        Caller caller, CancellationToken ct)
    {
        if (!Guid.TryParse(routerId, out var id)) throw RouterRules.NotFound(routerId);
        await session.BeginTransactionAsync(ct);
        var stream = await session.Events.FetchForExclusiveWriting<Router>(id, ct);
        return stream.Aggregate is { } router && router.TenantId == caller.TenantId ? (router, stream) : throw RouterRules.NotFound(routerId);
    }

    /// <summary>The subnets of the router's interfaces, from their networks (one query), for the checks that need their CIDRs.</summary>
    public static async Task<IReadOnlyList<Subnet>> SubnetsAsync(IQuerySession session, Router router, CancellationToken ct)
    {
        var networkIds = router.Interfaces.Select(i => NetworkKeys.StreamId(i.NetworkId)).Distinct().ToArray();
        if (networkIds.Length == 0) return [];
        var subnetIds = router.SubnetIds.ToHashSet();
        var networks = await session.LoadManyAsync<Network>(ct, networkIds);
        return networks.SelectMany(n => n.Subnets).Where(s => subnetIds.Contains(s.Id)).ToList();
    }
}
