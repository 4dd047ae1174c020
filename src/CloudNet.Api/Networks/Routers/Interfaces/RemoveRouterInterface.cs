using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.Ports;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Routers.Interfaces;

/// <summary>
/// <c>PUT /v2.0/routers/{id}/remove_router_interface</c>: 200 and the interface removed, named by <c>port_id</c> or
/// <c>subnet_id</c> (or both, which must agree). Its port is deleted and its addresses go back, as Neutron does, whether the
/// router made the port or was given it. Neutron's 404s when the router has no such interface, 409 while a floating IP reaches
/// a port through it or a route's next hop is on its subnet.
/// </summary>
public static class RemoveRouterInterfaceEndpoint
{
    [WolverinePut("/v2.0/routers/{routerId}/remove_router_interface", OperationId = "RemoveRouterInterface")]
    [Tags("Networks: routers")]
    public static async Task<IResult> Put(string routerId, RouterInterfaceRequest? command, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        var (portId, subnetId) = (command ?? new RouterInterfaceRequest(null, null)).Ids(forRemoval: true);

        var (router, stream) = await RouterLookup.ForExclusiveWritingAsync(session, routerId, caller, ct);
        var plugged = RouterRules.InterfaceToRemove(router, portId, subnetId);
        var leaving = (await RouterLookup.SubnetsAsync(session, router, ct)).Where(s => plugged.FixedIps.Any(f => f.SubnetId == s.Id)).ToList();
        RouterRules.EnsureNoRouteThrough(router, leaving);
        if (await FloatingIpRouting.SubnetInUseAsync(session, router.Id, leaving, ct) is { } used)
            throw RouterRules.InterfaceInUseByFloatingIp(router.Id, used.Id);

        // The router's lock first, then its port's: nothing locks a router's port before the router (a floating IP is never
        // pointed at one).
        var (port, portStream) = await PortLookup.ForExclusiveWritingAsync(session, plugged.PortId, caller, ct);
        // No floating IP maps to a router's port (they are refused one), so none is left behind.
        var allocator = await session.AddressAllocatorAsync(ct);
        await NetworkAddressing.ReleaseAsync(session, allocator, port.NetworkId, new AddressHolder(port.Id, port.HolderKind, port.ServerId),
            port.FixedIps, caller, now, ct);
        portStream.AppendOne(new PortDeleted(port.Id, port.NetworkId, port.TenantId, caller.UserName, now));
        stream.AppendOne(new RouterInterfaceRemoved(router.Id, port.Id, caller.UserName, now));
        return Results.Json(RouterJson.Interface(router, plugged));
    }
}
