using System.Net;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.FloatingIps;
using CloudNet.Networks.Ports;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Routers.Interfaces;

/// <summary>
/// <c>PUT /v2.0/routers/{id}/add_router_interface</c>: 200 and the interface (<c>port_id</c>, <c>subnet_id</c>, <c>subnet_ids</c>,
/// <c>network_id</c>). With a <c>subnet_id</c>, a new port of the router's project holds the subnet's <c>gateway_ip</c>
/// (<c>device_owner: network:router_interface</c>, the router its device); with a <c>port_id</c>, that free port becomes the
/// interface. Neutron's 400s for a subnet without a gateway, one the router is on already, or one overlapping its subnets.
/// </summary>
public static class AddRouterInterfaceEndpoint
{
    [WolverinePut("/v2.0/routers/{routerId}/add_router_interface", OperationId = "AddRouterInterface")]
    [Tags("Networks: routers")]
    public static async Task<IResult> Put(string routerId, RouterInterfaceRequest? command, Caller caller, IDocumentSession session,
        FloatingIpPools pools, QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var (portId, subnetId) = (command ?? new RouterInterfaceRequest(null, null)).Ids(forRemoval: false);
        if (!Guid.TryParse(routerId, out _)) throw RouterRules.NotFound(routerId);

        var (router, stream, plugged) = portId is { } port
            ? await ByPortAsync(session, pools, routerId, port, caller, now, ct)
            : await BySubnetAsync(session, pools, limits, routerId, subnetId!.Value, caller, now, ct);
        stream.AppendOne(new RouterInterfaceAdded(router.Id, plugged, caller.UserName, now));
        return Results.Json(RouterJson.Interface(router, plugged));
    }

    /// <summary>A new port on the subnet, holding its gateway address (which IPAM gives out to nothing else).</summary>
    static async Task<(Router, JasperFx.Events.IEventStream<Router>, RouterInterface)> BySubnetAsync(IDocumentSession session, FloatingIpPools pools,
        QuotaLimits limits, string routerId, Guid subnetId, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var (router, stream) = await RouterLookup.ForExclusiveWritingAsync(session, routerId, caller, ct);
        var (found, subnet) = await SubnetLookup.VisibleAsync(session, subnetId.ToString(), caller, ct);
        if (subnet.Gateway is null) throw RouterRules.Bad("Subnet for router interface must have a gateway IP");
        if (found.TenantId != caller.TenantId && !caller.IsAdmin)
            throw RouterRules.Bad($"Cannot add interface to router because subnet {subnetId} is not owned by project making the request");
        RouterRules.EnsureMayJoin(router, [subnet], await RouterSubnetsAsync(session, pools, router, ct));

        // The network's shared lock (taken after the router's, as every interface change takes them): the subnet cannot go
        // while this gives out its gateway address.
        var network = await NetworkLookup.ForAddressingAsync(session, found.NetworkId, caller, ct) ?? throw SubnetLookup.NotFound(subnetId.ToString());
        var allocator = await session.AddressAllocatorAsync(ct);
        var portId = caller.NewId();
        var gateway = IPAddress.Parse(subnet.Gateway);
        // Asked of the subnet's block without its gateway reserved: the router's interface is what the gateway address is kept for.
        var allocation = await allocator.AllocateAsync(subnet.IpamScope, AddressBlock.Parse(subnet.Cidr), portId, caller.TenantId, gateway, ct);
        if (!allocation.Succeeded)
            throw Rejection.Conflict($"Unable to complete operation for network {network.NetworkId}. The IP address {gateway} is in use.", "IpAddressInUse");
        await NetworkAddressing.RecordAssignedAsync(session, network.NetworkId, subnet.Id, allocation.Address!,
            new AddressHolder(portId, AddressHolder.Port, router.Id), caller, now, ct);
        var fixedIps = new[] { new FixedIp(subnet.Id, allocation.Address!.ToString(), subnet.Version) };
        var mac = (await MacAddresses.NextAsync(session, caller, ct)).ToLowerInvariant();
        var created = PortRules.Create(portId, network, new PortChanges(DeviceId: router.Id.ToString(), DeviceOwner: Router.InterfaceOwner), mac,
            fixedIps, null, caller, now) with { RouterId = router.Id };
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.Port, [portId], NeutronQuotaErrors.OverQuota(QuotaResources.Port));
        session.Events.StartStream<Port>(portId, created);
        return (router, stream, new RouterInterface(portId, network.NetworkId, fixedIps));
    }

    /// <summary>The caller's free port, locked first (as a floating IP pointed at it locks it before its router), then the router.</summary>
    static async Task<(Router, JasperFx.Events.IEventStream<Router>, RouterInterface)> ByPortAsync(IDocumentSession session, FloatingIpPools pools,
        string routerId, Guid portId, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var (port, portStream) = await PortLookup.ForExclusiveWritingAsync(session, portId, caller, ct);
        if (port.IsBound)
            throw Rejection.Conflict($"Unable to complete operation on port {port.Id} for network {port.NetworkId}. Port already has an attached " +
                $"device {port.Attributes.DeviceId}.", "PortInUse");
        if (port.FixedIps.Count == 0) throw RouterRules.Bad("Router port must have at least one fixed IP");
        var (router, stream) = await RouterLookup.ForExclusiveWritingAsync(session, routerId, caller, ct);
        var network = await NetworkLookup.VisibleAsync(session, port.NetworkId, caller, ct) ?? throw PortRules.NotFound(portId.ToString());
        var joining = network.Subnets.Where(s => port.FixedIps.Any(f => f.SubnetId == s.Id)).ToList();
        RouterRules.EnsureMayJoin(router, joining, await RouterSubnetsAsync(session, pools, router, ct));
        portStream.AppendOne(new PortPluggedIntoRouter(port.Id, router.Id, caller.UserName, now));
        return (router, stream, new RouterInterface(port.Id, port.NetworkId, port.FixedIps));
    }

    /// <summary>The subnets the router is on: its interfaces', and its gateway pool's.</summary>
    static async Task<IReadOnlyList<Subnet>> RouterSubnetsAsync(IQuerySession session, FloatingIpPools pools, Router router, CancellationToken ct)
    {
        var subnets = (await RouterLookup.SubnetsAsync(session, router, ct)).ToList();
        if (router.Gateway is { } gateway && pools.ByNetworkId(gateway.NetworkId) is { } pool) subnets.Add(ExternalNetworks.SubnetOf(pool));
        return subnets;
    }
}
