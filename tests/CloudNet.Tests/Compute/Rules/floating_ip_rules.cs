using System.Net;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;

namespace CloudNet.Tests.Compute.Rules;

/// <summary>Pure: state and command in, events or a rejection out. No host, no database.</summary>
public class floating_ip_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly Caller Other = new("u-other", "other", "tenant-other");
    static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    static readonly Guid IpId = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");
    static readonly Guid ServerId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000a1");
    static readonly Guid OtherServerId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000b2");

    static FloatingIp Ip(Guid? instance = null, string? fixedIp = null, string tenant = "tenant-demo") =>
        new(IpId, tenant, "default", "203.0.113.7", instance, fixedIp);

    static ServerPort Port(string label, params (string Address, int Version)[] ips) =>
        new(Guid.NewGuid(), Guid.NewGuid(), label, "02:00:00:00:00:01", ips.Select(i => new FixedIp(Guid.NewGuid(), i.Address, i.Version)).ToList());

    static Server AServer(Guid? id = null, IReadOnlyList<ServerPort>? ports = null, IReadOnlyList<AttachedFloatingIp>? floating = null,
        string tenant = "tenant-demo") =>
        new(id ?? ServerId, tenant, "web", "img", "flv", new Dictionary<string, string>(),
            ports ?? [Port("public", ("2001:db8:100::5", 6), ("198.51.100.5", 4)), Port("private", ("10.176.0.5", 4))],
            floating ?? [], "demo", Now, Now);

    static Rejection Refused(Action act, RejectionKind kind)
    {
        var rejection = Should.Throw<Rejection>(act);
        rejection.Kind.ShouldBe(kind);
        return rejection;
    }

    // ---- Visible ----

    [Fact]
    public void the_callers_own_ip_is_visible()
    {
        var ip = Ip();
        FloatingIpRules.Visible(ip, "x", Demo).ShouldBeSameAs(ip);
    }

    [Fact]
    public void a_missing_ip_and_another_tenants_ip_are_the_same_404()
    {
        var missing = Refused(() => FloatingIpRules.Visible(null, "203.0.113.7", Demo), RejectionKind.NotFound);
        var foreign = Refused(() => FloatingIpRules.Visible(Ip(), "203.0.113.7", Other), RejectionKind.NotFound);

        foreign.Message.ShouldBe(missing.Message);
        missing.Message.ShouldContain("203.0.113.7");
    }

    // ---- Quota / OverQuota ----

    [Theory]
    [InlineData(0, 10)]
    [InlineData(9, 10)]
    [InlineData(0, 1)]
    [InlineData(1_000_000, -1)]
    public void below_the_quota_is_allowed(int held, int quota) =>
        CloudNet.Quotas.QuotaLimits.Allows(quota, held, 1).ShouldBeTrue();

    [Theory]
    [InlineData(10, 10)]
    [InlineData(11, 10)]
    [InlineData(0, 0)]
    public void at_or_over_the_quota_is_refused(int held, int quota) =>
        CloudNet.Quotas.QuotaLimits.Allows(quota, held, 1).ShouldBeFalse();

    [Fact]
    public void over_quota_is_403() =>
        Refused(() => throw FloatingIpRules.OverQuota("default"), RejectionKind.Forbidden)
            .Message.ShouldBe("IP allocation over quota in pool default.");

    // ---- Allocate ----

    [Fact]
    public void allocate_records_tenant_pool_address_and_who()
    {
        var e = FloatingIpRules.Allocate(IpId, Demo, "default", IPAddress.Parse("203.0.113.9"), Now);

        e.ShouldBe(new FloatingIpAllocated(IpId, "tenant-demo", "default", "203.0.113.9", "demo", Now));
        var ip = FloatingIp.Create(e);
        ip.ShouldBe(new FloatingIp(IpId, "tenant-demo", "default", "203.0.113.9", null, null));
        ip.IsAssociated.ShouldBeFalse();
    }

    // ---- Associate ----

    [Fact]
    public void associate_without_fixed_address_maps_to_the_servers_first_fixed_ipv4()
    {
        var server = AServer();
        var (onIp, onServer) = FloatingIpRules.Associate(Ip(), server, null, Demo, Now);

        onIp.ShouldBe(new FloatingIpAssociated(IpId, ServerId, "198.51.100.5", "demo", Now, server.Ports[0].PortId));
        onServer.ShouldBe(new FloatingIpAddedToServer(ServerId, IpId, "203.0.113.7", "198.51.100.5", "demo", Now));
    }

    [Fact]
    public void associate_with_a_fixed_address_of_the_server_uses_it()
    {
        var (onIp, onServer) = FloatingIpRules.Associate(Ip(), AServer(), "10.176.0.5", Demo, Now);

        onIp.FixedIp.ShouldBe("10.176.0.5");
        onServer.FixedIp.ShouldBe("10.176.0.5");
    }

    [Fact]
    public void associate_with_a_fixed_address_that_is_not_the_servers_is_400() =>
        Refused(() => FloatingIpRules.Associate(Ip(), AServer(), "10.176.0.6", Demo, Now), RejectionKind.BadRequest)
            .Message.ShouldBe("Specified fixed address not assigned to instance");

    [Fact]
    public void associate_to_a_server_without_fixed_ipv4_is_400()
    {
        Refused(() => FloatingIpRules.Associate(Ip(), AServer(ports: [Port("public", ("2001:db8:100::5", 6))]), null, Demo, Now),
            RejectionKind.BadRequest).Message.ShouldContain("no fixed IPv4");
        Refused(() => FloatingIpRules.Associate(Ip(), AServer(ports: []), null, Demo, Now), RejectionKind.BadRequest);
    }

    [Fact]
    public void associating_an_ip_already_on_the_same_server_is_400() =>
        Refused(() => FloatingIpRules.Associate(Ip(ServerId, "198.51.100.5"),
            AServer(floating: [new AttachedFloatingIp(IpId, "203.0.113.7", "198.51.100.5")]), null, Demo, Now), RejectionKind.BadRequest);

    [Fact]
    public void associating_an_ip_on_another_server_is_400_already_associated() =>
        Refused(() => FloatingIpRules.Associate(Ip(OtherServerId, "198.51.100.9"), AServer(), null, Demo, Now), RejectionKind.BadRequest)
            .Message.ShouldContain("already associated");

    [Fact]
    public void a_server_that_has_a_floating_ip_takes_no_second_one() =>
        Refused(() => FloatingIpRules.Associate(Ip(),
            AServer(floating: [new AttachedFloatingIp(Guid.NewGuid(), "203.0.113.8", "198.51.100.5")]), null, Demo, Now), RejectionKind.BadRequest);

    // ---- Disassociate ----

    [Fact]
    public void disassociate_from_the_server_it_is_on_gives_both_events()
    {
        var (onIp, onServer) = FloatingIpRules.Disassociate(Ip(ServerId, "198.51.100.5"), AServer(), Demo, Now);

        onIp.ShouldBe(new FloatingIpDisassociated(IpId, ServerId, "demo", Now));
        onServer.ShouldBe(new FloatingIpRemovedFromServer(ServerId, IpId, "203.0.113.7", "demo", Now));
    }

    [Fact]
    public void disassociate_of_an_ip_that_is_not_attached_is_409() =>
        Refused(() => FloatingIpRules.Disassociate(Ip(), AServer(), Demo, Now), RejectionKind.Conflict)
            .Message.ShouldBe($"Floating IP 203.0.113.7 is not associated with instance {ServerId}.");

    [Fact]
    public void disassociate_from_a_server_it_is_not_on_is_409() =>
        Refused(() => FloatingIpRules.Disassociate(Ip(OtherServerId, "198.51.100.9"), AServer(), Demo, Now), RejectionKind.Conflict);

    // ---- Release ----

    [Fact]
    public void release_of_a_detached_ip_is_one_event()
    {
        FloatingIpRules.Release(Ip(), Demo, Now)
            .ShouldBe([new FloatingIpReleased(IpId, "default", "203.0.113.7", "demo", Now)]);
    }

    [Fact]
    public void release_of_an_attached_ip_detaches_it_first()
    {
        FloatingIpRules.Release(Ip(ServerId, "198.51.100.5"), Demo, Now).ShouldBe(
        [
            new FloatingIpDisassociated(IpId, ServerId, "demo", Now),
            new FloatingIpReleased(IpId, "default", "203.0.113.7", "demo", Now),
        ]);
    }

    // ---- The aggregates evolve as the events say ----

    [Fact]
    public void the_ip_and_the_server_follow_associate_then_disassociate()
    {
        var ip = Ip();
        var server = AServer();
        var (associated, added) = FloatingIpRules.Associate(ip, server, null, Demo, Now);

        ip = ip.Apply(associated);
        server = server.Apply(added);
        (ip.InstanceId, ip.FixedIp, ip.IsAssociated).ShouldBe((ServerId, "198.51.100.5", true));
        server.FloatingIps.ShouldBe([new AttachedFloatingIp(IpId, "203.0.113.7", "198.51.100.5")]);

        var (disassociated, removed) = FloatingIpRules.Disassociate(ip, server, Demo, Now);
        ip = ip.Apply(disassociated);
        server = server.Apply(removed);
        (ip.InstanceId, ip.FixedIp, ip.IsAssociated).ShouldBe((null, null, false));
        server.FloatingIps.ShouldBeEmpty();
    }
}
