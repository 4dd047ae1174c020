using CloudNet.Networks.Ports.Activating;

namespace CloudNet.Networks.Ports;

/// <summary>An address (or CIDR) and MAC a port may also send from (Neutron's <c>allowed-address-pairs</c>).</summary>
public sealed record AllowedAddressPair(string IpAddress, string MacAddress);

/// <summary>A DHCP option handed to the port (Neutron's <c>extra_dhcp_opt</c>).</summary>
public sealed record ExtraDhcpOption(string OptName, string OptValue, int IpVersion);

/// <summary>
/// Neutron's writable attributes of a port besides its network, MAC and addresses. <see cref="Profile"/> is the
/// <c>binding:profile</c> object as JSON text: stored and echoed, never interpreted.
/// </summary>
public sealed record PortAttributes(
    string Name,
    string Description,
    bool AdminStateUp,
    string DeviceId,
    string DeviceOwner,
    IReadOnlyList<AllowedAddressPair> AllowedAddressPairs,
    IReadOnlyList<string> SecurityGroups,
    bool PortSecurityEnabled,
    string DnsName,
    string HostId,
    string VnicType,
    string Profile,
    IReadOnlyList<ExtraDhcpOption> ExtraDhcpOptions)
{
    public const string NormalVnic = "normal";

    /// <summary>A new port's attributes: Neutron's defaults, port security as its network has it.</summary>
    public static PortAttributes Defaults(bool portSecurityEnabled) =>
        new("", "", true, "", "", [], [], portSecurityEnabled, "", "", NormalVnic, "{}", []);
}

/// <summary>A port was created on a network, with its MAC, the addresses IPAM gave it and its attributes. <c>ServerId</c>:
/// nova created it for a server of this service, which holds it from the start; <c>RouterId</c>: a router's interface on a
/// subnet (<c>add_router_interface</c> with a <c>subnet_id</c>), holding the subnet's gateway address.</summary>
public sealed record PortCreated(Guid PortId, string TenantId, Guid NetworkId, string MacAddress, IReadOnlyList<FixedIp> FixedIps,
    PortAttributes Attributes, Guid? ServerId, string By, DateTimeOffset At, Guid? RouterId = null)
{
    /// <summary>Made bound under a lifecycle rule: the port stays DOWN until this wait is over; null: ACTIVE once bound.</summary>
    public PortActivation? Activation { get; init; }
}

/// <summary>The port's attributes changed (<c>PUT /v2.0/ports/{id}</c>): the whole new set.</summary>
public sealed record PortUpdated(Guid PortId, PortAttributes Attributes, string By, DateTimeOffset At)
{
    /// <summary>Given a device under a lifecycle rule: the port stays DOWN until this wait is over.</summary>
    public PortActivation? Activation { get; init; }
}

/// <summary>The port's addresses changed (<c>fixed_ips</c> of a <c>PUT</c>): the addresses it holds now.</summary>
public sealed record PortAddressesChanged(Guid PortId, Guid NetworkId, IReadOnlyList<FixedIp> FixedIps, string By, DateTimeOffset At);

/// <summary>A server of this service took the port (nova's <c>"networks": [{"port": …}]</c>): its device now.</summary>
public sealed record PortBound(Guid PortId, Guid ServerId, string DeviceOwner, string By, DateTimeOffset At)
{
    /// <summary>Taken under a lifecycle rule: the port stays DOWN until this wait is over.</summary>
    public PortActivation? Activation { get; init; }
}

/// <summary>A router took the port as an interface (<c>add_router_interface</c> with a <c>port_id</c>): its device now.</summary>
public sealed record PortPluggedIntoRouter(Guid PortId, Guid RouterId, string By, DateTimeOffset At)
{
    /// <summary>Plugged under a lifecycle rule: the port stays DOWN until this wait is over.</summary>
    public PortActivation? Activation { get; init; }
}

/// <summary>The server let the port go (it was deleted, or the interface detached) and the port lives on, free again.</summary>
public sealed record PortUnbound(Guid PortId, Guid ServerId, string By, DateTimeOffset At);

/// <summary>The port is gone; its addresses were released in the same transaction.</summary>
public sealed record PortDeleted(Guid PortId, Guid NetworkId, string TenantId, string By, DateTimeOffset At);

/// <summary>
/// A Neutron port, one stream per port, also its read model (an inline snapshot). The ports nova's and Rackspace's
/// routes give servers are ports like any other: <see cref="ServerId"/> names the server that holds one, whose own
/// stream keeps nova's view of it (<c>ServerPort</c>). Deleted ports leave the snapshot; their stream remains.
/// </summary>
public sealed record Port(Guid Id, string TenantId, Guid NetworkId, string MacAddress, IReadOnlyList<FixedIp> FixedIps,
    PortAttributes Attributes, Guid? ServerId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Active = "ACTIVE";
    public const string Down = "DOWN";

    /// <summary>How nova names the ports it plugs into servers (<c>compute:&lt;availability zone&gt;</c>).</summary>
    public const string ComputeOwner = "compute:nova";

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Neutron's <c>revision_number</c>: 1 when created, one more for each change.</summary>
    public long Revision { get; init; } = 1;

    /// <summary>The router the port is an interface of, if it is one: its device, which only the router's interface routes change.</summary>
    public Guid? RouterId { get; init; }

    /// <summary>Something holds the port (a server of this service, or whatever <c>device_id</c> a client set).</summary>
    public bool IsBound => Attributes.DeviceId.Length > 0;

    /// <summary>Bound under a lifecycle rule whose wait is not over (<see cref="PortActivating"/>); null otherwise.</summary>
    public PortActivation? Activation { get; init; }

    /// <summary>Bound, but still DOWN: a lifecycle rule's wait is not over.</summary>
    public bool IsActivating => IsBound && Activation is not null;

    /// <summary>Neutron's status: DOWN while nothing holds the port, ACTIVE once a device does (under a lifecycle rule, once its
    /// wait is over).</summary>
    public string Status => IsBound && Activation is null ? Active : Down;

    /// <summary>How its addresses' holdings name the port: a server's port when nova made it for one, else a Neutron port.</summary>
    public string HolderKind { get; init; } = AddressHolder.Port;

    public static Port Create(PortCreated e) =>
        new(e.PortId, e.TenantId, e.NetworkId, e.MacAddress, e.FixedIps, e.Attributes, e.ServerId, e.At, e.At)
        {
            HolderKind = e.ServerId is null ? AddressHolder.Port : AddressHolder.ServerPort,
            RouterId = e.RouterId,
            Activation = e.Attributes.DeviceId.Length > 0 ? e.Activation : null,
        };

    public Port Apply(PortUpdated e) => this with
    {
        Attributes = e.Attributes,
        // A new device starts the rule's wait (or none); the same device keeps the wait it has; no device, no wait.
        Activation = e.Attributes.DeviceId.Length == 0 ? null : e.Activation ?? (e.Attributes.DeviceId == Attributes.DeviceId ? Activation : null),
        UpdatedAt = e.At,
        Revision = Revision + 1,
    };

    public Port Apply(PortAddressesChanged e) => this with { FixedIps = e.FixedIps, UpdatedAt = e.At, Revision = Revision + 1 };

    public Port Apply(PortBound e) => this with
    {
        ServerId = e.ServerId,
        Attributes = Attributes with { DeviceId = e.ServerId.ToString(), DeviceOwner = e.DeviceOwner },
        Activation = e.Activation,
        UpdatedAt = e.At,
        Revision = Revision + 1,
    };

    public Port Apply(PortPluggedIntoRouter e) => this with
    {
        RouterId = e.RouterId,
        Attributes = Attributes with { DeviceId = e.RouterId.ToString(), DeviceOwner = Routers.Router.InterfaceOwner },
        Activation = e.Activation,
        UpdatedAt = e.At,
        Revision = Revision + 1,
    };

    public Port Apply(PortUnbound e) => this with
    {
        ServerId = null,
        Attributes = Attributes with { DeviceId = "", DeviceOwner = "" },
        Activation = null,
        UpdatedAt = e.At,
        Revision = Revision + 1,
    };

    public Port Apply(PortActivationPolled e) => this with { Activation = Activation is null ? null : Activation with { PollsLeft = e.PollsLeft } };

    /// <summary>DOWN to ACTIVE: a change of the port, as Neutron counts one.</summary>
    public Port Apply(PortActivated e) => this with { Activation = null, UpdatedAt = e.At, Revision = Revision + 1 };

    public Port Apply(PortTagsReplaced e) => this with { Tags = e.Tags, UpdatedAt = e.At, Revision = Revision + 1 };

    public bool ShouldDelete(PortDeleted e) => true;
}
