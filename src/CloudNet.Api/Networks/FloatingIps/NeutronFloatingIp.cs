using CloudNet.Compute.FloatingIps;

namespace CloudNet.Networks.FloatingIps;

/// <summary>
/// Neutron's view of a floating IP: a second inline projection of the same stream as nova's
/// <see cref="FloatingIp"/> (one resource, one history, two read models). It adds what only Neutron shows:
/// the description, the timestamps and the revision. The port is not stored: it is the port of the server that
/// holds <see cref="FixedIp"/>, read from the server's snapshot when answering, so the association events stay
/// exactly those of nova's <c>addFloatingIp</c>.
/// </summary>
public sealed record NeutronFloatingIp(Guid Id, string TenantId, string Pool, string Address, Guid? InstanceId, string? FixedIp,
    string Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The stream's version, which Marten writes into a projected document's <c>Version</c>: Neutron's
    /// <c>revision_number</c> (1 after the allocation, one more for every change made through either API).</summary>
    public long Version { get; set; }

    public static NeutronFloatingIp Create(FloatingIpAllocated e) =>
        new(e.FloatingIpId, e.TenantId, e.Pool, e.Address, null, null, e.Description ?? "", e.At, e.At) { Version = 1 };

    /// <summary>The port named by the association; null for one recorded before ports had streams (then the port is the one
    /// of the server that holds <see cref="FixedIp"/>).</summary>
    public Guid? PortId { get; init; }

    /// <summary>Neutron's <c>router_id</c>: the router the association goes through; null on the provider networks.</summary>
    public Guid? RouterId { get; init; }

    public NeutronFloatingIp Apply(FloatingIpAssociated e) =>
        this with { InstanceId = e.ServerId, FixedIp = e.FixedIp, PortId = e.PortId, RouterId = e.RouterId, UpdatedAt = e.At };

    public NeutronFloatingIp Apply(FloatingIpServerChanged e) => this with { InstanceId = e.ServerId, UpdatedAt = e.At };

    public NeutronFloatingIp Apply(FloatingIpDisassociated e) =>
        this with { InstanceId = null, FixedIp = null, PortId = null, RouterId = null, UpdatedAt = e.At };

    public NeutronFloatingIp Apply(FloatingIpDescriptionChanged e) => this with { Description = e.Description, UpdatedAt = e.At };

    /// <summary>Huawei's EIP events: the floating IP changed (a revision), though nothing Neutron shows but its time.</summary>
    public NeutronFloatingIp Apply(Vpc.PublicIps.PublicIpApplied e) => this;

    public NeutronFloatingIp Apply(Vpc.PublicIps.PublicIpAliasChanged e) => this with { UpdatedAt = e.At };

    public IReadOnlyList<string> Tags { get; init; } = [];

    public NeutronFloatingIp Apply(FloatingIpTagsReplaced e) => this with { Tags = e.Tags, UpdatedAt = e.At };

    public bool ShouldDelete(FloatingIpReleased e) => true;

    /// <summary>The view after events just appended to its stream, as the projection will store it (version included),
    /// for answering a write without reading it back.</summary>
    public NeutronFloatingIp After(IEnumerable<object> events)
    {
        var view = this;
        foreach (var e in events)
        {
            view = e switch
            {
                FloatingIpAssociated associated => view.Apply(associated),
                FloatingIpDisassociated disassociated => view.Apply(disassociated),
                FloatingIpDescriptionChanged changed => view.Apply(changed),
                FloatingIpServerChanged changed => view.Apply(changed),
                _ => throw new ArgumentException($"{e.GetType().Name} does not leave a floating IP to show", nameof(events)),
            };
            view.Version++;
        }
        return view;
    }
}
