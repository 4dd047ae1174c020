using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;

namespace CloudNet.Tests.Networks.Rules;

/// <summary>Pure: <see cref="SubnetRules"/>, Neutron's checks of a subnet's attributes.</summary>
public class subnet_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid NetworkId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000e1");
    static readonly Network Net = new(NetworkId, NetworkId, "tenant-demo", "net", [], Now, Now);

    static Subnet Create(SubnetChanges changes, string cidr = "10.0.0.0/24") =>
        SubnetRules.Create(Net, Guid.NewGuid(), cidr, 4, changes, Demo, Now).Subnet;

    static Rejection Refused(Action act, RejectionKind kind, string code)
    {
        var rejection = Should.Throw<Rejection>(act);
        (rejection.Kind, rejection.Code).ShouldBe((kind, code), rejection.Message);
        return rejection;
    }

    [Fact]
    public void neutrons_defaults_and_the_attributes_given_are_kept()
    {
        var subnet = Create(new SubnetChanges(Description: "d", DnsNameservers: ["8.8.8.8"], ServiceTypes: ["compute:nova"]));
        (subnet.EnableDhcp, subnet.Description, subnet.Gateway, subnet.Revision).ShouldBe((true, "d", "10.0.0.1", 1L));
        SubnetRules.AllocationPools(subnet).ShouldBe([("10.0.0.2", "10.0.0.254")]);
    }

    [Fact]
    public void given_pools_are_the_pools_and_ipam_walks_them()
    {
        var subnet = Create(new SubnetChanges(AllocationPools: [new("10.0.0.100", "10.0.0.110")]));
        SubnetRules.AllocationPools(subnet).ShouldBe([("10.0.0.100", "10.0.0.110")]);
        subnet.Block().Capacity.ShouldBe(11);
    }

    [Fact]
    public void pools_are_checked_as_neutron_checks_them()
    {
        Refused(() => Create(new SubnetChanges(AllocationPools: [new("10.0.0.9", "10.0.0.8")])), RejectionKind.BadRequest, "InvalidAllocationPool");
        Refused(() => Create(new SubnetChanges(AllocationPools: [new("10.0.0.0", "10.0.0.8")])), RejectionKind.BadRequest, "OutOfBoundsAllocationPool");
        Refused(() => Create(new SubnetChanges(AllocationPools: [new("2001:db8::1", "2001:db8::2")])), RejectionKind.BadRequest, "InvalidAllocationPool");
        Refused(() => Create(new SubnetChanges(AllocationPools: [new("10.0.0.2", "10.0.0.9"), new("10.0.0.9", "10.0.0.20")])),
            RejectionKind.Conflict, "OverlappingAllocationPools");
        Refused(() => Create(new SubnetChanges(AllocationPools: [new("10.0.0.1", "10.0.0.9")])), RejectionKind.Conflict, "GatewayConflictWithAllocationPools");
    }

    [Fact]
    public void dns_servers_and_host_routes_are_checked()
    {
        Refused(() => Create(new SubnetChanges(DnsNameservers: ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5", "6.6.6.6"])),
            RejectionKind.BadRequest, "DNSNameServersExhausted");
        Should.Throw<Rejection>(() => Create(new SubnetChanges(DnsNameservers: ["1.1.1.1", "1.1.1.1"]))).Kind.ShouldBe(RejectionKind.BadRequest);
        Should.Throw<Rejection>(() => Create(new SubnetChanges(HostRoutes: [new("10.9.0.0/16", "not-an-ip")]))).Kind.ShouldBe(RejectionKind.BadRequest);
        Create(new SubnetChanges(HostRoutes: [new("10.9.0.0/16", "10.0.0.1")])).HostRoutes.ShouldBe([new HostRoute("10.9.0.0/16", "10.0.0.1")]);
    }

    [Fact]
    public void an_update_changes_what_is_given_and_counts_a_revision()
    {
        var subnet = Create(new SubnetChanges(Name: "a"));
        var updated = SubnetRules.Update(Net, subnet, new SubnetChanges(EnableDhcp: false, GatewayGiven: true, Gateway: null), Demo, Now.AddMinutes(1)).Subnet;
        (updated.Name, updated.EnableDhcp, updated.Gateway, updated.Revision, updated.UpdatedAt).ShouldBe(("a", false, null, 2L, Now.AddMinutes(1)));
        SubnetRules.PoolsChanged(subnet, updated).ShouldBeFalse("default pools stay default");
        var pooled = SubnetRules.Update(Net, subnet, new SubnetChanges(AllocationPools: [new("10.0.0.50", "10.0.0.60")]), Demo, Now).Subnet;
        SubnetRules.PoolsChanged(subnet, pooled).ShouldBeTrue();
    }

    [Fact]
    public void ipv6_modes_are_for_ipv6_and_never_change()
    {
        Should.Throw<Rejection>(() => Create(new SubnetChanges(Ipv6RaMode: "slaac"))).Kind.ShouldBe(RejectionKind.BadRequest);
        var v6 = SubnetRules.Create(Net, Guid.NewGuid(), "2001:db8::/64", 6, new SubnetChanges(Ipv6RaMode: "slaac", Ipv6AddressMode: "slaac"), Demo, Now).Subnet;
        (v6.Ipv6RaMode, v6.Ipv6AddressMode).ShouldBe(("slaac", "slaac"));
        Should.Throw<Rejection>(() => SubnetRules.Update(Net, v6, new SubnetChanges(Ipv6RaMode: "dhcpv6-stateful"), Demo, Now));
    }
}
