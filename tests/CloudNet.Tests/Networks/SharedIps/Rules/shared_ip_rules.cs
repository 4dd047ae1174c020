using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.SharedIps;

namespace CloudNet.Tests.Networks.SharedIps.Rules;

/// <summary>Pure: <see cref="SharedIpRules"/> with state in, events or a rejection out. No host, no database.</summary>
public class shared_ip_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly Caller Other = new("u-other", "other", "tenant-other");
    static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid IpId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000a1");
    static readonly Guid NetworkId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000e1");
    static readonly Guid SubnetId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000f1");
    static readonly SharedIpPort PortA = new(Guid.Parse("0193a1b2-0000-7000-8000-0000000000b1"), Guid.Parse("0193a1b2-0000-7000-8000-0000000000c1"));
    static readonly SharedIpPort PortB = new(Guid.Parse("0193a1b2-0000-7000-8000-0000000000b2"), Guid.Parse("0193a1b2-0000-7000-8000-0000000000c2"));
    static readonly SharedIpPort PortC = new(Guid.Parse("0193a1b2-0000-7000-8000-0000000000b3"), Guid.Parse("0193a1b2-0000-7000-8000-0000000000c3"));

    static SharedIp AnIp(params Guid[] associated) =>
        new(IpId, "tenant-demo", NetworkId, SubnetId, "192.168.3.4", 4, [PortA, PortB], SharedIpRules.Shared, associated);

    static Rejection Refused(Action act, RejectionKind kind, string? code = null)
    {
        var rejection = Should.Throw<Rejection>(act);
        rejection.Kind.ShouldBe(kind, rejection.Message);
        if (code is not null) rejection.Code.ShouldBe(code, rejection.Message);
        return rejection;
    }

    [Fact]
    public void two_or_more_ports_make_a_shared_ip() => SharedIpRules.TypeOf([PortA, PortB]).ShouldBe("shared");

    [Fact]
    public void fewer_than_two_ports_are_refused_as_a_bad_request()
    {
        Refused(() => SharedIpRules.TypeOf([PortA]), RejectionKind.BadRequest, "BadRequest").Message.ShouldStartWith("Bad ip_addresses request:");
        Refused(() => SharedIpRules.TypeOf([]), RejectionKind.BadRequest, "BadRequest");
    }

    [Fact]
    public void bad_wraps_the_message_as_neutron_does() =>
        SharedIpRules.Bad("version is required").Message.ShouldBe("Bad ip_addresses request: version is required.");

    [Fact]
    public void an_ip_is_visible_only_to_its_tenant()
    {
        var ip = AnIp();
        SharedIpRules.Visible(ip, IpId.ToString(), Demo).ShouldBeSameAs(ip);
        Refused(() => SharedIpRules.Visible(AnIp(), IpId.ToString(), Other), RejectionKind.NotFound, "IpAddressNotFound");
        Refused(() => SharedIpRules.Visible(null, "x", Demo), RejectionKind.NotFound, "IpAddressNotFound");
    }

    [Fact]
    public void deallocating_an_unassociated_ip_gives_the_event()
    {
        var e = SharedIpRules.Deallocate(AnIp(), Demo, Now);
        e.ShouldBe(new IpAddressDeallocated(IpId, NetworkId, SubnetId, "192.168.3.4", "demo", Now));
    }

    [Fact]
    public void deallocating_an_associated_ip_requires_disassociation() =>
        Refused(() => SharedIpRules.Deallocate(AnIp(PortA.DeviceId), Demo, Now), RejectionKind.BadRequest, "PortRequiresDisassociation");

    [Fact]
    public void the_port_of_a_server_is_found_by_its_device()
    {
        SharedIpRules.PortOf(AnIp(), PortB.DeviceId, [PortB.PortId]).ShouldBe(PortB);
        Refused(() => SharedIpRules.PortOf(AnIp(), PortC.DeviceId, [PortC.PortId]), RejectionKind.BadRequest);
    }

    [Fact]
    public void a_port_the_server_no_longer_has_does_not_count()
    {
        Refused(() => SharedIpRules.PortOf(AnIp(), PortA.DeviceId, []), RejectionKind.BadRequest);
        Refused(() => SharedIpRules.PortOf(AnIp(), PortA.DeviceId, [PortC.PortId]), RejectionKind.BadRequest);
    }

    [Fact]
    public void ports_can_be_replaced_while_the_leaving_ones_are_not_associated()
    {
        var e = SharedIpRules.ReplacePorts(AnIp(PortA.DeviceId), [PortA, PortC], Demo, Now);
        (e.IpAddressId, e.By, e.At).ShouldBe((IpId, "demo", Now));
        e.Ports.ShouldBe([PortA, PortC]);
    }

    [Fact]
    public void an_associated_port_cannot_leave() =>
        Refused(() => SharedIpRules.ReplacePorts(AnIp(PortB.DeviceId), [PortA, PortC], Demo, Now), RejectionKind.BadRequest, "BadRequest");

    [Fact]
    public void a_shared_ip_keeps_at_least_two_ports() =>
        Refused(() => SharedIpRules.ReplacePorts(AnIp(), [PortA], Demo, Now), RejectionKind.BadRequest, "BadRequest");

    [Fact]
    public void the_aggregate_follows_its_events()
    {
        var ip = SharedIp.Create(new IpAddressProvisioned(IpId, "tenant-demo", NetworkId, SubnetId, "192.168.3.4", 4, [PortA, PortB], "shared", "demo", Now));
        ip = ip.Apply(new IpAssociated(IpId, PortA.DeviceId, PortA.PortId, "demo", Now));
        ip = ip.Apply(new IpAssociated(IpId, PortB.DeviceId, PortB.PortId, "demo", Now));
        ip.AssociatedServers.ShouldBe([PortA.DeviceId, PortB.DeviceId]);
        ip = ip.Apply(new IpDisassociated(IpId, PortA.DeviceId, "demo", Now));
        ip.AssociatedServers.ShouldBe([PortB.DeviceId]);
    }
}
