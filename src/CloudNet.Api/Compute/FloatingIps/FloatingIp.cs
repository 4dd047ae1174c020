namespace CloudNet.Compute.FloatingIps;

/// <param name="Description">Neutron's <c>description</c>, when the IP was created through <c>/v2.0/floatingips</c> with one.</param>
public sealed record FloatingIpAllocated(Guid FloatingIpId, string TenantId, string Pool, string Address, string By, DateTimeOffset At,
    string? Description = null);

/// <summary>The floating IP maps to <c>FixedIp</c> on port <c>PortId</c>, of server <c>ServerId</c> if a server of this service
/// holds the port (a free port has none), through router <c>RouterId</c> when the port is on a tenant network (Neutron's
/// rule: a router with a gateway on the IP's pool and an interface on the port's subnet). Recorded before ports had streams
/// of their own, it names the server only; before routers, no router.</summary>
public sealed record FloatingIpAssociated(Guid FloatingIpId, Guid? ServerId, string FixedIp, string By, DateTimeOffset At, Guid? PortId = null,
    Guid? RouterId = null);

public sealed record FloatingIpDisassociated(Guid FloatingIpId, Guid? ServerId, string By, DateTimeOffset At);

/// <summary>The port the floating IP maps to was taken by a server (<c>ServerId</c>) or let go by one (null): the IP
/// still maps to the same port and address, and nova now shows it on that server, or on none.</summary>
public sealed record FloatingIpServerChanged(Guid FloatingIpId, Guid? ServerId, string By, DateTimeOffset At);

/// <summary>Neutron's <c>description</c> of the floating IP changed (<c>PUT /v2.0/floatingips/{id}</c>).</summary>
public sealed record FloatingIpDescriptionChanged(Guid FloatingIpId, string Description, string By, DateTimeOffset At);

public sealed record FloatingIpReleased(Guid FloatingIpId, string Pool, string Address, string By, DateTimeOffset At);

/// <summary>
/// A floating IP, immutable: one stream per address resource. Stored as an inline snapshot that every GET
/// loads; a released IP leaves the snapshot (its stream and history remain).
/// </summary>
public sealed record FloatingIp(Guid Id, string TenantId, string Pool, string Address, Guid? InstanceId, string? FixedIp)
{
    /// <summary>The port the IP maps to, when the association named it (every association since ports have streams).</summary>
    public Guid? PortId { get; init; }

    /// <summary>The router the association goes through (ports on tenant networks); null on PublicNet and ServiceNet.</summary>
    public Guid? RouterId { get; init; }

    /// <summary>Mapped to a fixed IP, of a server or of a free port.</summary>
    public bool IsAssociated => FixedIp is not null;

    public static FloatingIp Create(FloatingIpAllocated e) => new(e.FloatingIpId, e.TenantId, e.Pool, e.Address, null, null);

    public FloatingIp Apply(FloatingIpAssociated e) =>
        this with { InstanceId = e.ServerId, FixedIp = e.FixedIp, PortId = e.PortId, RouterId = e.RouterId };

    public FloatingIp Apply(FloatingIpDisassociated e) => this with { InstanceId = null, FixedIp = null, PortId = null, RouterId = null };

    public FloatingIp Apply(FloatingIpServerChanged e) => this with { InstanceId = e.ServerId };

    // Huawei's EIP events share the stream and change nothing nova shows; applied all the same, so the snapshot's version is the
    // stream's whether it is written inline or rebuilt (a rebuild feeds a projection only the events it applies).
    public FloatingIp Apply(Vpc.PublicIps.PublicIpApplied e) => this;

    public FloatingIp Apply(Vpc.PublicIps.PublicIpAliasChanged e) => this;

    public bool ShouldDelete(FloatingIpReleased e) => true;
}
