namespace CloudNet.Compute.FloatingIps;

/// <param name="Description">Neutron's <c>description</c>, when the IP was created through <c>/v2.0/floatingips</c> with one.</param>
public sealed record FloatingIpAllocated(Guid FloatingIpId, string TenantId, string Pool, string Address, string By, DateTimeOffset At,
    string? Description = null);

public sealed record FloatingIpAssociated(Guid FloatingIpId, Guid ServerId, string FixedIp, string By, DateTimeOffset At);

public sealed record FloatingIpDisassociated(Guid FloatingIpId, Guid ServerId, string By, DateTimeOffset At);

/// <summary>Neutron's <c>description</c> of the floating IP changed (<c>PUT /v2.0/floatingips/{id}</c>).</summary>
public sealed record FloatingIpDescriptionChanged(Guid FloatingIpId, string Description, string By, DateTimeOffset At);

public sealed record FloatingIpReleased(Guid FloatingIpId, string Pool, string Address, string By, DateTimeOffset At);

/// <summary>
/// A floating IP, immutable: one stream per address resource. Stored as an inline snapshot that every GET
/// loads; a released IP leaves the snapshot (its stream and history remain).
/// </summary>
public sealed record FloatingIp(Guid Id, string TenantId, string Pool, string Address, Guid? InstanceId, string? FixedIp)
{
    public bool IsAssociated => InstanceId is not null;

    public static FloatingIp Create(FloatingIpAllocated e) => new(e.FloatingIpId, e.TenantId, e.Pool, e.Address, null, null);

    public FloatingIp Apply(FloatingIpAssociated e) => this with { InstanceId = e.ServerId, FixedIp = e.FixedIp };

    public FloatingIp Apply(FloatingIpDisassociated e) => this with { InstanceId = null, FixedIp = null };

    public bool ShouldDelete(FloatingIpReleased e) => true;
}
