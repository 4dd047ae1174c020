using System.Net;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;

namespace CloudNet.Networks.Routers;

/// <summary>
/// Neutron's rules for routers as pure functions: state and request in, events or a rejection out, with neutron-lib's
/// exception names as codes and its messages (<c>exceptions/l3.py</c>, <c>exceptions/extraroute.py</c>, neutron's
/// <c>l3_db.py</c> and <c>extraroute_db.py</c>).
/// </summary>
public static class RouterRules
{
    /// <summary>Neutron's default <c>router_route</c> quota: the routes one router may hold.</summary>
    public const int MaxRoutes = 30;

    public static Rejection NotFound(string routerId) => Rejection.NotFound($"Router {routerId} could not be found", "RouterNotFound");

    public static Rejection Bad(string message) => NeutronBody.Bad("router", message);

    public static Rejection InUse(Router router) => Rejection.Conflict(
        $"Router {router.Id} has ports still attached: {string.Join(", ", router.Interfaces.Select(i => i.PortId))}", "RouterInUse");

    public static Rejection InterfaceNotFound(Guid routerId, Guid portId) =>
        Rejection.NotFound($"Router {routerId} does not have an interface with id {portId}", "RouterInterfaceNotFound");

    public static Rejection InterfaceNotFoundForSubnet(Guid routerId, Guid subnetId) =>
        Rejection.NotFound($"Router {routerId} has no interface on subnet {subnetId}", "RouterInterfaceNotFoundForSubnet");

    public static Rejection InterfaceInUseByFloatingIp(Guid routerId, Guid subnetId) => Rejection.Conflict(
        $"Router interface for subnet {subnetId} on router {routerId} cannot be deleted, as it is required by one or more floating IPs.",
        "RouterInterfaceInUseByFloatingIP");

    public static Rejection InterfaceInUseByRoute(Guid routerId, Guid subnetId) => Rejection.Conflict(
        $"Router interface for subnet {subnetId} on router {routerId} cannot be deleted, as it is required by one or more routes.",
        "RouterInterfaceInUseByRoute");

    public static Rejection GatewayInUseByFloatingIp(Guid routerId, Guid networkId) => Rejection.Conflict(
        $"Gateway cannot be updated for router {routerId}, since a gateway to external network {networkId} is required by one or more floating IPs.",
        "RouterExternalGatewayInUseByFloatingIp");

    public static Rejection NotExternal(Guid networkId) => Bad($"Network {networkId} is not an external network");

    /// <summary><c>POST /v2.0/routers</c>: a router of the caller's project with Neutron's defaults and the request's attributes;
    /// <paramref name="gateway"/> is the gateway already given its address, if the request set one.</summary>
    public static RouterCreated Create(Guid routerId, RouterChanges changes, RouterGateway? gateway, IReadOnlyList<string>? availabilityZoneHints,
        Caller caller, DateTimeOffset now)
    {
        if (availabilityZoneHints?.FirstOrDefault(z => z != NeutronJson.AvailabilityZone) is { } zone)
            throw Rejection.NotFound($"AvailabilityZone {zone} could not be found.", "AvailabilityZoneNotFound");
        var attributes = RouterAttributes.Defaults with
        {
            Name = changes.Name ?? "",
            Description = changes.Description ?? "",
            AdminStateUp = changes.AdminStateUp ?? true,
        };
        return new RouterCreated(routerId, caller.TenantId, attributes, gateway, availabilityZoneHints ?? [], caller.UserName, now);
    }

    /// <summary>
    /// <c>PUT /v2.0/routers/{id}</c> without the gateway: the new attributes, or null when nothing changes. New routes must fit
    /// the quota and have their next hop on one of the router's subnets (<paramref name="connected"/>, the gateway's included),
    /// and not on one of the router's own addresses (<paramref name="own"/>).
    /// </summary>
    public static RouterUpdated? Update(Router router, RouterChanges changes, IReadOnlyList<string> connected, IReadOnlyList<string> own,
        Caller caller, DateTimeOffset now)
    {
        var routes = changes.Routes is { } requested ? Routes(router.Id, requested, connected, own) : router.Attributes.Routes;
        var attributes = router.Attributes with
        {
            Name = changes.Name ?? router.Attributes.Name,
            Description = changes.Description ?? router.Attributes.Description,
            AdminStateUp = changes.AdminStateUp ?? router.Attributes.AdminStateUp,
            Routes = routes,
        };
        return attributes with { Routes = [] } == router.Attributes with { Routes = [] } && attributes.Routes.SequenceEqual(router.Attributes.Routes)
            ? null
            : new RouterUpdated(router.Id, attributes, caller.UserName, now);
    }

    /// <summary>Neutron's <c>_validate_routes</c>: duplicates count once, at most <see cref="MaxRoutes"/>.</summary>
    public static IReadOnlyList<RouterRoute> Routes(Guid routerId, IReadOnlyList<RouterRoute> routes, IReadOnlyList<string> connected,
        IReadOnlyList<string> own)
    {
        var distinct = routes.Distinct().ToList();
        if (distinct.Count > MaxRoutes)
            throw Rejection.BadRequest($"Unable to complete operation for {routerId}. The number of routes exceeds the maximum {MaxRoutes}.",
                "RoutesExhausted");
        var networks = connected.Select(c => IPNetwork.Parse(c)).ToList();
        foreach (var route in distinct)
        {
            var nexthop = IPAddress.Parse(route.Nexthop);
            if (!networks.Any(n => n.Contains(nexthop))) throw InvalidRoutes(distinct, "the nexthop is not connected with router");
            if (own.Contains(route.Nexthop)) throw InvalidRoutes(distinct, "the nexthop is used by router");
        }
        return distinct;
    }

    static Rejection InvalidRoutes(IReadOnlyList<RouterRoute> routes, string reason) => Rejection.BadRequest(
        $"Invalid input for operation: Invalid format for routes: [{string.Join(", ", routes.Select(r => $"{{'destination': '{r.Destination}', 'nexthop': '{r.Nexthop}'}}"))}], {reason}.",
        "InvalidRoutes");

    /// <summary>
    /// Neutron's checks before a port joins a router (<c>_check_for_dup_router_subnets</c>, the one IPv4 subnet per router port):
    /// a subnet the router is on already is a 400, and so is one whose CIDR overlaps one of the router's subnets
    /// (<paramref name="routerSubnets"/>, the gateway's pool included).
    /// </summary>
    public static void EnsureMayJoin(Router router, IReadOnlyList<Subnet> joining, IReadOnlyList<Subnet> routerSubnets)
    {
        if (joining.Count(s => s.Version == 4) > 1) throw Bad("Cannot have multiple IPv4 subnets on router port");
        foreach (var subnet in joining)
        {
            if (router.InterfaceOn(subnet.Id) is not null) throw Bad($"Router already has a port on subnet {subnet.Id}");
            foreach (var other in routerSubnets.Where(s => s.Id != subnet.Id))
                if (SubnetRules.Overlaps(AddressBlock.Parse(other.Cidr), AddressBlock.Parse(subnet.Cidr)))
                    throw Bad($"Cidr {subnet.Cidr} of subnet {subnet.Id} overlaps with cidr {other.Cidr} of subnet {other.Id}");
        }
    }

    /// <summary>
    /// The interface <c>remove_router_interface</c> names: by port (and then the subnet, if given, must be one of the port's),
    /// or by subnet; Neutron's 404s when the router has no such interface.
    /// </summary>
    public static RouterInterface InterfaceToRemove(Router router, Guid? portId, Guid? subnetId)
    {
        if (portId is { } port)
        {
            var plugged = router.Interfaces.FirstOrDefault(i => i.PortId == port) ?? throw InterfaceNotFound(router.Id, port);
            return subnetId is { } subnet && plugged.FixedIps.All(f => f.SubnetId != subnet)
                ? throw Rejection.BadRequest($"Subnet on port {port} does not match the requested subnet {subnet}.", "SubnetMismatchForPort")
                : plugged;
        }
        var wanted = subnetId ?? throw Bad("Either subnet_id or port_id must be specified");
        return router.InterfaceOn(wanted) ?? throw InterfaceNotFoundForSubnet(router.Id, wanted);
    }

    /// <summary>Neutron's <c>RouterInterfaceInUseByRoute</c>: a subnet the next hop of one of the router's routes is on stays.</summary>
    public static void EnsureNoRouteThrough(Router router, IReadOnlyList<Subnet> leaving)
    {
        foreach (var subnet in leaving)
        {
            var network = IPNetwork.Parse(subnet.Cidr);
            if (router.Attributes.Routes.Any(r => network.Contains(IPAddress.Parse(r.Nexthop)))) throw InterfaceInUseByRoute(router.Id, subnet.Id);
        }
    }
}
