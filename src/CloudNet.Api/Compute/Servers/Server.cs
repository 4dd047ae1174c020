using CloudNet.Compute.Servers.Building;
using CloudNet.Networks;

namespace CloudNet.Compute.Servers;

/// <summary>A server's attachment to a network: its port, MAC address and the fixed IPs IPAM gave it. Rackspace
/// calls it a virtual interface; its id is the port id, and the port has a stream of its own (nova's view of it is kept
/// here, so that a server's GET reads one document).</summary>
public sealed record ServerPort(Guid PortId, Guid NetworkId, string NetworkLabel, string MacAddress, IReadOnlyList<FixedIp> FixedIps)
{
    /// <summary>The port existed before the server took it (<c>"networks": [{"port": …}]</c>): when the server lets it go,
    /// it lives on, free, as nova leaves a port it did not create.</summary>
    public bool Preserve { get; init; }
}

/// <summary>The addresses of one of the server's ports changed (Neutron's <c>PUT /v2.0/ports/{id}</c> with <c>fixed_ips</c>).</summary>
public sealed record ServerPortAddressesChanged(Guid ServerId, Guid PortId, IReadOnlyList<FixedIp> FixedIps, string By, DateTimeOffset At);

public sealed record AttachedFloatingIp(Guid FloatingIpId, string Address, string FixedIp);

public sealed record ServerCreated(
    Guid ServerId,
    string TenantId,
    string Name,
    string ImageRef,
    string FlavorRef,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<ServerPort> Ports,
    string UserId,
    string By,
    DateTimeOffset At)
{
    /// <summary>The keypair named at create (<c>key_name</c>), if any; the server keeps the name after the keypair goes.</summary>
    public string? KeyName { get; init; }

    /// <summary>The availability zone the server is in; null on servers made before zones existed (the configured one).</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>The security groups the server was made with (its ports' on networks with port security); null on servers made
    /// before security groups existed (nova's <c>default</c>).</summary>
    public IReadOnlyList<ServerSecurityGroup>? SecurityGroups { get; init; }

    /// <summary>Made under a tenant's lifecycle fault rule: the server starts in BUILD and leaves it as this says.</summary>
    public ServerBuild? Build { get; init; }
}

/// <summary>A security group a server was made with, by its id and the name nova shows.</summary>
public sealed record ServerSecurityGroup(Guid Id, string Name);

public sealed record FloatingIpAddedToServer(Guid ServerId, Guid FloatingIpId, string Address, string FixedIp, string By, DateTimeOffset At);

public sealed record FloatingIpRemovedFromServer(Guid ServerId, Guid FloatingIpId, string Address, string By, DateTimeOffset At);

/// <summary>A virtual interface (a port on a network, with its MAC and addresses) was attached to a running server.</summary>
public sealed record VirtualInterfaceAttached(Guid ServerId, ServerPort Port, string By, DateTimeOffset At);

public sealed record VirtualInterfaceDetached(Guid ServerId, Guid PortId, Guid NetworkId, string By, DateTimeOffset At);

/// <summary>A Cloud Networks IP address was associated with the server (seeds 000, 001): it answers on it.</summary>
public sealed record IpAssociatedWithServer(Guid ServerId, Guid IpAddressId, string Address, string By, DateTimeOffset At);

public sealed record IpDisassociatedFromServer(Guid ServerId, Guid IpAddressId, string By, DateTimeOffset At);

public sealed record ServerIpAssociation(Guid IpAddressId, string Address);

public sealed record ServerDeleted(Guid ServerId, string By, DateTimeOffset At);

/// <summary>The server was given a new name (nova's <c>PUT /servers/{id}</c>).</summary>
public sealed record ServerRenamed(Guid ServerId, string Name, string By, DateTimeOffset At);

/// <summary>The server's metadata changed (nova's <c>/servers/{id}/metadata</c> routes): the whole set it now holds.</summary>
public sealed record ServerMetadataChanged(Guid ServerId, IReadOnlyDictionary<string, string> Metadata, string By, DateTimeOffset At);

/// <summary>
/// The server aggregate, immutable: each event gives a new state. Stored as an inline snapshot, which is
/// also the read model every server GET loads. Deleted servers disappear from it (their stream remains).
/// </summary>
public sealed record Server(
    Guid Id,
    string TenantId,
    string Name,
    string ImageRef,
    string FlavorRef,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<ServerPort> Ports,
    IReadOnlyList<AttachedFloatingIp> FloatingIps,
    string UserId,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    public static Server Create(ServerCreated e) =>
        new(e.ServerId, e.TenantId, e.Name, e.ImageRef, e.FlavorRef, e.Metadata, e.Ports, [], e.UserId, e.At, e.At)
        {
            KeyName = e.KeyName,
            AvailabilityZone = e.AvailabilityZone,
            SecurityGroups = e.SecurityGroups ?? [],
            Status = e.Build is null ? Active : Building,
            Build = e.Build,
        };

    public const string Active = "ACTIVE";
    public const string Building = "BUILD";
    public const string Error = "ERROR";

    /// <summary>Nova's status: ACTIVE, unless a lifecycle fault rule keeps the server in BUILD or made it end in ERROR.</summary>
    public string Status { get; init; } = Active;

    /// <summary>The build in progress (null once it ended, and for servers made without a lifecycle rule).</summary>
    public ServerBuild? Build { get; init; }

    /// <summary>When the build ended in ERROR: nova's <c>fault</c> shows it.</summary>
    public DateTimeOffset? FailedAt { get; init; }

    public Server Apply(ServerBuildPolled e) => this with { Build = Build is null ? null : Build with { PollsLeft = e.PollsLeft } };

    public Server Apply(ServerBuildEnded e) =>
        this with { Status = e.Status, Build = null, FailedAt = e.Status == Error ? e.At : null, Updated = e.At };

    public string? KeyName { get; init; }

    public string? AvailabilityZone { get; init; }

    /// <summary>The security groups the server was made with; none on servers made before security groups existed.</summary>
    public IReadOnlyList<ServerSecurityGroup> SecurityGroups { get; init; } = [];

    public Server Apply(FloatingIpAddedToServer e) =>
        this with { FloatingIps = [.. FloatingIps, new AttachedFloatingIp(e.FloatingIpId, e.Address, e.FixedIp)], Updated = e.At };

    public Server Apply(FloatingIpRemovedFromServer e) =>
        this with { FloatingIps = FloatingIps.Where(f => f.FloatingIpId != e.FloatingIpId).ToList(), Updated = e.At };

    public Server Apply(VirtualInterfaceAttached e) => this with { Ports = [.. Ports, e.Port], Updated = e.At };

    public Server Apply(VirtualInterfaceDetached e) => this with { Ports = Ports.Where(p => p.PortId != e.PortId).ToList(), Updated = e.At };

    public Server Apply(ServerPortAddressesChanged e) =>
        this with { Ports = Ports.Select(p => p.PortId == e.PortId ? p with { FixedIps = e.FixedIps } : p).ToList(), Updated = e.At };

    public IReadOnlyList<ServerIpAssociation> IpAssociations { get; init; } = [];

    public Server Apply(IpAssociatedWithServer e) =>
        this with { IpAssociations = [.. IpAssociations, new ServerIpAssociation(e.IpAddressId, e.Address)], Updated = e.At };

    public Server Apply(IpDisassociatedFromServer e) =>
        this with { IpAssociations = IpAssociations.Where(a => a.IpAddressId != e.IpAddressId).ToList(), Updated = e.At };

    public Server Apply(ServerRenamed e) => this with { Name = e.Name, Updated = e.At };

    public Server Apply(ServerMetadataChanged e) => this with { Metadata = e.Metadata, Updated = e.At };

    public bool ShouldDelete(ServerDeleted e) => true;

    public IEnumerable<FixedIp> FixedIps => Ports.SelectMany(p => p.FixedIps);
}
