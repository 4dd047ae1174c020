using CloudNet.Compute.FloatingIps;

namespace CloudNet.Vpc.PublicIps;

/// <summary>An EIP's bandwidth, as Huawei's apply names it: dedicated (<c>PER</c>) to the EIP, billed by <c>bandwidth</c> or <c>traffic</c>.
/// Its id is derived from the EIP's (<see cref="PublicIp.BandwidthId"/>), so a fork's copy of the EIP has a bandwidth of its own.</summary>
public sealed record PublicIpBandwidth(string Name, int Size, string ShareType, string ChargeMode);

/// <summary>
/// The floating IP was applied for as a Huawei EIP (<c>POST /v1/{project}/publicips</c>): what Huawei's apply adds to the
/// allocation, recorded right after <see cref="FloatingIpAllocated"/> in the floating IP's own stream.
/// </summary>
public sealed record PublicIpApplied(Guid FloatingIpId, string Type, string Alias, PublicIpBandwidth Bandwidth, string By, DateTimeOffset At);

/// <summary>The EIP's name changed (<c>alias</c> of <c>PUT /v1/{project}/publicips/{id}</c>).</summary>
public sealed record PublicIpAliasChanged(Guid FloatingIpId, string Alias, string By, DateTimeOffset At);

/// <summary>
/// Huawei's view of a floating IP: an EIP is a floating IP of this service seen through Huawei's API, a third inline projection
/// of the same stream as nova's <see cref="FloatingIp"/> and Neutron's <c>NeutronFloatingIp</c> (one resource, one history,
/// three read models). Huawei's own EIP is a Neutron floating IP underneath (its id is the floating IP's id, its errors say
/// "floatingip"), and every field Huawei shows is either the floating IP's (address, port, fixed address, project) or what the
/// apply adds (<see cref="PublicIpApplied"/>: type, name, bandwidth). So nova's and Neutron's floating IPs are EIPs too, with the
/// type of their pool and a dedicated bandwidth of <see cref="DefaultBandwidthSize"/>; one quota counts all of them.
/// </summary>
public sealed record PublicIp(Guid Id, string TenantId, string Pool, string Address, DateTimeOffset CreatedAt)
{
    public const int DefaultBandwidthSize = 1;

    /// <summary>The type the apply named; null for a floating IP made by nova or Neutron (then its pool's type).</summary>
    public string? Type { get; init; }

    public string Alias { get; init; } = "";

    /// <summary>The apply's bandwidth; null for a floating IP made by nova or Neutron (then <see cref="BandwidthOrDefault"/>).</summary>
    public PublicIpBandwidth? Bandwidth { get; init; }

    public string? FixedIp { get; init; }

    /// <summary>The port the association named (null for one recorded before associations named ports: see <see cref="InstanceId"/>).</summary>
    public Guid? PortId { get; init; }

    public Guid? InstanceId { get; init; }

    public bool IsBound => FixedIp is not null;

    public PublicIpBandwidth BandwidthOrDefault => Bandwidth ?? new PublicIpBandwidth($"bandwidth-{Id.ToString()[..4]}", DefaultBandwidthSize, "PER", "bandwidth");

    /// <summary>The id of the EIP's dedicated bandwidth: derived from the EIP's, the same in every view and every fork's own.</summary>
    public Guid BandwidthId => Networks.NameBasedIds.Of($"bandwidth:{Id}");

    public static PublicIp Create(FloatingIpAllocated e) => new(e.FloatingIpId, e.TenantId, e.Pool, e.Address, e.At);

    public PublicIp Apply(PublicIpApplied e) => this with { Type = e.Type, Alias = e.Alias, Bandwidth = e.Bandwidth };

    public PublicIp Apply(PublicIpAliasChanged e) => this with { Alias = e.Alias };

    public PublicIp Apply(FloatingIpAssociated e) => this with { FixedIp = e.FixedIp, PortId = e.PortId, InstanceId = e.ServerId };

    public PublicIp Apply(FloatingIpServerChanged e) => this with { InstanceId = e.ServerId };

    public PublicIp Apply(FloatingIpDisassociated e) => this with { FixedIp = null, PortId = null, InstanceId = null };

    // Neutron's own changes of the floating IP show nowhere in Huawei's view; applied so that the snapshot's version is the
    // stream's, written inline or rebuilt (a rebuild feeds a projection only the events it applies).
    public PublicIp Apply(FloatingIpDescriptionChanged e) => this;

    public PublicIp Apply(Networks.FloatingIpTagsReplaced e) => this;

    public bool ShouldDelete(FloatingIpReleased e) => true;

    /// <summary>The view after events just appended to its stream, for answering a write without reading it back.</summary>
    public PublicIp After(IEnumerable<object> events) => events.Aggregate(this, (view, e) => e switch
    {
        FloatingIpAssociated associated => view.Apply(associated),
        FloatingIpDisassociated disassociated => view.Apply(disassociated),
        FloatingIpServerChanged changed => view.Apply(changed),
        PublicIpApplied applied => view.Apply(applied),
        PublicIpAliasChanged alias => view.Apply(alias),
        _ => view,
    });
}
