namespace CloudNet.Networks.SharedIps;

/// <summary>A port of a server that a shared IP may be associated with.</summary>
public sealed record SharedIpPort(Guid PortId, Guid DeviceId);

public sealed record IpAddressProvisioned(Guid IpAddressId, string TenantId, Guid NetworkId, Guid SubnetId, string Address, int Version,
    IReadOnlyList<SharedIpPort> Ports, string Type, string By, DateTimeOffset At);

public sealed record IpAddressPortsReplaced(Guid IpAddressId, IReadOnlyList<SharedIpPort> Ports, string By, DateTimeOffset At);

public sealed record IpAssociated(Guid IpAddressId, Guid ServerId, Guid PortId, string By, DateTimeOffset At);

public sealed record IpDisassociated(Guid IpAddressId, Guid ServerId, string By, DateTimeOffset At);

public sealed record IpAddressDeallocated(Guid IpAddressId, Guid NetworkId, Guid SubnetId, string Address, string By, DateTimeOffset At);

/// <summary>
/// A Rackspace Cloud Networks IP address (<c>/v2.0/ip_addresses</c>): provisioned for ports, then associated with
/// each server that should answer on it (seed 001). One stream each; an inline snapshot the GETs load.
/// </summary>
/// <remarks><c>IpVersion</c>, not <c>Version</c>: Marten writes the stream version into an aggregate's <c>Version</c>.</remarks>
public sealed record SharedIp(Guid Id, string TenantId, Guid NetworkId, Guid SubnetId, string Address, int IpVersion,
    IReadOnlyList<SharedIpPort> Ports, string Type, IReadOnlyList<Guid> AssociatedServers)
{
    public static SharedIp Create(IpAddressProvisioned e) =>
        new(e.IpAddressId, e.TenantId, e.NetworkId, e.SubnetId, e.Address, e.Version, e.Ports, e.Type, []);

    public SharedIp Apply(IpAddressPortsReplaced e) => this with { Ports = e.Ports };

    public SharedIp Apply(IpAssociated e) => this with { AssociatedServers = [.. AssociatedServers, e.ServerId] };

    public SharedIp Apply(IpDisassociated e) => this with { AssociatedServers = AssociatedServers.Where(s => s != e.ServerId).ToList() };

    public bool ShouldDelete(IpAddressDeallocated e) => true;
}
