namespace CloudNet.Networks.Routers;

/// <summary>A route the router adds to its table (Neutron's <c>extraroute</c>): traffic for <see cref="Destination"/> goes to
/// <see cref="Nexthop"/>, an address on one of the router's subnets.</summary>
public sealed record RouterRoute(string Destination, string Nexthop);

/// <summary>
/// The router's gateway on an external network (a floating IP pool): the addresses IPAM gave it from the pool, held by the
/// router itself. <see cref="PortId"/> names this attachment of the gateway (Neutron's gateway port, which belongs to no
/// project and which no tenant sees): the holder of its addresses in IPAM and in the address history, a new one each time the
/// gateway moves, as an address's holder holds it once.
/// </summary>
public sealed record RouterGateway(Guid PortId, Guid NetworkId, bool EnableSnat, IReadOnlyList<FixedIp> ExternalFixedIps);

/// <summary>One of the router's interfaces: a port of the router's project on a tenant network, with its addresses (the
/// subnets the router routes for).</summary>
public sealed record RouterInterface(Guid PortId, Guid NetworkId, IReadOnlyList<FixedIp> FixedIps);

/// <summary>Neutron's writable attributes of a router besides its gateway.</summary>
public sealed record RouterAttributes(string Name, string Description, bool AdminStateUp, IReadOnlyList<RouterRoute> Routes)
{
    public static readonly RouterAttributes Defaults = new("", "", true, []);
}

/// <summary>A router was created, with its gateway when the create set one (its address already taken from the pool).</summary>
public sealed record RouterCreated(Guid RouterId, string TenantId, RouterAttributes Attributes, RouterGateway? Gateway,
    IReadOnlyList<string> AvailabilityZoneHints, string By, DateTimeOffset At);

/// <summary>The router's name, description, state or routes changed (<c>PUT /v2.0/routers/{id}</c>): the whole new set.</summary>
public sealed record RouterUpdated(Guid RouterId, RouterAttributes Attributes, string By, DateTimeOffset At);

/// <summary>The router's gateway was set or changed: the whole gateway as it is now. A gateway that changed network or
/// address gave the old address back in the same transaction.</summary>
public sealed record RouterGatewaySet(Guid RouterId, RouterGateway Gateway, string By, DateTimeOffset At);

/// <summary>The router's gateway was cleared; its address went back to the pool in the same transaction.</summary>
public sealed record RouterGatewayCleared(Guid RouterId, string By, DateTimeOffset At);

/// <summary>A port was plugged into the router (<c>add_router_interface</c>).</summary>
public sealed record RouterInterfaceAdded(Guid RouterId, RouterInterface Interface, string By, DateTimeOffset At);

/// <summary>A port was taken out of the router (<c>remove_router_interface</c>); the port was deleted with it.</summary>
public sealed record RouterInterfaceRemoved(Guid RouterId, Guid PortId, string By, DateTimeOffset At);

/// <summary>The router is gone, its gateway address given back with it.</summary>
public sealed record RouterDeleted(Guid RouterId, string TenantId, string By, DateTimeOffset At);

/// <summary>
/// A Neutron router, one stream per router, also its read model (an inline snapshot): its attributes, its gateway on a
/// floating IP pool and its interfaces, which are ports of their own (<c>device_owner: network:router_interface</c>).
/// Deleted routers leave the snapshot; their stream remains.
/// </summary>
public sealed record Router(Guid Id, string TenantId, RouterAttributes Attributes, RouterGateway? Gateway, IReadOnlyList<RouterInterface> Interfaces,
    IReadOnlyList<string> AvailabilityZoneHints, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Active = "ACTIVE";

    /// <summary>How Neutron names the ports of a router's interfaces.</summary>
    public const string InterfaceOwner = "network:router_interface";

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Neutron's <c>revision_number</c>: 1 when created, one more for each change.</summary>
    public long Revision { get; init; } = 1;

    /// <summary>A copy of the gateway's network that Marten can query (a floating IP finds its router by it).</summary>
    public Guid? GatewayNetworkId { get; init; }

    /// <summary>The subnets the router has an interface on, for Marten to query.</summary>
    public IReadOnlyList<Guid> SubnetIds { get; init; } = [];

    public static Router Create(RouterCreated e) =>
        new(e.RouterId, e.TenantId, e.Attributes, e.Gateway, [], e.AvailabilityZoneHints, e.At, e.At) { GatewayNetworkId = e.Gateway?.NetworkId };

    public Router Apply(RouterUpdated e) => Changed(e.At) with { Attributes = e.Attributes };

    public Router Apply(RouterGatewaySet e) => Changed(e.At) with { Gateway = e.Gateway, GatewayNetworkId = e.Gateway.NetworkId };

    public Router Apply(RouterGatewayCleared e) => Changed(e.At) with { Gateway = null, GatewayNetworkId = null };

    public Router Apply(RouterInterfaceAdded e) => WithInterfaces([.. Interfaces, e.Interface], e.At);

    public Router Apply(RouterInterfaceRemoved e) => WithInterfaces(Interfaces.Where(i => i.PortId != e.PortId).ToList(), e.At);

    public Router Apply(RouterTagsReplaced e) => Changed(e.At) with { Tags = e.Tags };

    public bool ShouldDelete(RouterDeleted e) => true;

    /// <summary>The interface holding an address on <paramref name="subnetId"/>, if any.</summary>
    public RouterInterface? InterfaceOn(Guid subnetId) => Interfaces.FirstOrDefault(i => i.FixedIps.Any(f => f.SubnetId == subnetId));

    Router WithInterfaces(IReadOnlyList<RouterInterface> interfaces, DateTimeOffset at) =>
        Changed(at) with { Interfaces = interfaces, SubnetIds = interfaces.SelectMany(i => i.FixedIps.Select(f => f.SubnetId)).Distinct().ToList() };

    Router Changed(DateTimeOffset at) => this with { UpdatedAt = at, Revision = Revision + 1 };
}
