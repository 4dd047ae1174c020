using System.Text.Json;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;
using CloudNet.Networks.Routers;

namespace CloudNet.Tests.Networks.Rules;

/// <summary>Pure: <see cref="RouterRules"/>, <see cref="RouterChanges"/> and <see cref="FloatingIpRouting.Choose"/>, Neutron's
/// rules for routers.</summary>
public class router_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid Pool = Guid.Parse("0193a1b2-0000-7000-8000-00000000b001");
    static readonly Guid NetworkId = Guid.Parse("0193a1b2-0000-7000-8000-00000000b002");
    static readonly Subnet Inside = new(Guid.Parse("0193a1b2-0000-7000-8000-00000000b003"), "inside", "10.0.0.0/24", 4, "10.0.0.1", Now);
    static readonly Subnet Overlapping = new(Guid.Parse("0193a1b2-0000-7000-8000-00000000b004"), "over", "10.0.0.0/16", 4, "10.0.0.1", Now);
    static readonly Subnet Elsewhere = new(Guid.Parse("0193a1b2-0000-7000-8000-00000000b005"), "else", "10.9.0.0/24", 4, "10.9.0.1", Now);

    static Router ARouter(Guid? id = null, bool gateway = true, params (Subnet Subnet, string Address)[] interfaces)
    {
        var router = Router.Create(RouterRules.Create(id ?? Guid.NewGuid(), new RouterChanges(Name: "r"),
            gateway ? new RouterGateway(Guid.NewGuid(), Pool, true, [new FixedIp(Guid.NewGuid(), "203.0.113.9", 4)]) : null, null, Demo, Now));
        return interfaces.Aggregate(router, (r, i) => r.Apply(new RouterInterfaceAdded(r.Id,
            new RouterInterface(Guid.NewGuid(), NetworkId, [new FixedIp(i.Subnet.Id, i.Address, 4)]), "demo", Now)));
    }

    static string Code(Action action) => Should.Throw<Rejection>(action).Code!;

    static RouterChanges Changes(string json) =>
        RouterChanges.From(NeutronBody.Of("router", JsonDocument.Parse(json).RootElement, [.. RouterChanges.Attributes, "routes"]));

    [Fact]
    public void a_new_router_has_neutrons_defaults()
    {
        var router = ARouter(gateway: false);
        (router.Attributes.Name, router.Attributes.AdminStateUp, router.Revision, router.Gateway).ShouldBe(("r", true, 1L, null));
        Code(() => RouterRules.Create(Guid.NewGuid(), new RouterChanges(), null, ["elsewhere"], Demo, Now)).ShouldBe("AvailabilityZoneNotFound");
    }

    [Fact]
    public void a_gateway_is_a_network_id_or_nothing()
    {
        Changes($$$"""{"external_gateway_info":{"network_id":"{{{Pool}}}","enable_snat":false}}""").Gateway!.EnableSnat.ShouldBe(false);
        Changes("""{"external_gateway_info":{}}""").ShouldSatisfyAllConditions(c => c.GatewayGiven.ShouldBeTrue(), c => c.Gateway.ShouldBeNull());
        Changes("""{"external_gateway_info":null}""").Gateway.ShouldBeNull();
        Changes($$$"""{"external_gateway_info":{"network_id":"{{{Pool}}}","external_fixed_ips":[{"subnet_id":"","ip_address":"203.0.113.7"}]}}""")
            .Gateway!.ExternalFixedIps!.Single().ShouldSatisfyAllConditions(f => f.SubnetId.ShouldBeNull(), f => f.Address!.ToString().ShouldBe("203.0.113.7"));
        Code(() => Changes("""{"external_gateway_info":{"enable_snat":true}}""")).ShouldBe("BadRequest");
        Code(() => Changes($$$"""{"external_gateway_info":{"network_id":"{{{Pool}}}","mystery":1}}""")).ShouldBe("BadRequest");
        Code(() => Changes("""{"external_gateway_info":"pool"}""")).ShouldBe("BadRequest");
        Code(() => Changes("""{"distributed":true}""")).ShouldBe("BadRequest");
    }

    [Theory]
    [InlineData("172.16.0.0/16", "172.16.0.0/16")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("192.0.2.7/32", "192.0.2.7/32")]
    public void a_route_destination_is_a_cidr_without_host_bits(string destination, string kept) =>
        Changes($$"""{"routes":[{"destination":"{{destination}}","nexthop":"10.0.0.9"}]}""").Routes!.Single().Destination.ShouldBe(kept);

    [Theory]
    [InlineData("172.16.0.1/16")]
    [InlineData("172.16.0.0")]
    [InlineData("nowhere")]
    public void any_other_destination_is_refused(string destination) =>
        Code(() => Changes($$"""{"routes":[{"destination":"{{destination}}","nexthop":"10.0.0.9"}]}""")).ShouldBe("BadRequest");

    [Fact]
    public void routes_need_a_connected_next_hop_that_is_not_the_routers_own_and_fit_the_quota()
    {
        var router = ARouter(interfaces: (Inside, "10.0.0.1"));
        var routes = RouterRules.Routes(router.Id, [new("172.16.0.0/16", "10.0.0.9"), new("172.16.0.0/16", "10.0.0.9")], ["10.0.0.0/24"], ["10.0.0.1"]);
        routes.ShouldBe([new RouterRoute("172.16.0.0/16", "10.0.0.9")], "duplicates count once");
        Code(() => RouterRules.Routes(router.Id, [new("172.16.0.0/16", "10.9.0.9")], ["10.0.0.0/24"], [])).ShouldBe("InvalidRoutes");
        Code(() => RouterRules.Routes(router.Id, [new("172.16.0.0/16", "10.0.0.1")], ["10.0.0.0/24"], ["10.0.0.1"])).ShouldBe("InvalidRoutes");
        var many = Enumerable.Range(0, RouterRules.MaxRoutes + 1).Select(i => new RouterRoute($"172.16.{i}.0/24", "10.0.0.9")).ToList();
        Code(() => RouterRules.Routes(router.Id, many, ["10.0.0.0/24"], [])).ShouldBe("RoutesExhausted");
        RouterRules.Update(router, new RouterChanges(Name: "r"), [], [], Demo, Now).ShouldBeNull("nothing changes");
    }

    [Fact]
    public void a_subnet_joins_once_and_not_over_another_of_the_routers()
    {
        var router = ARouter(interfaces: (Inside, "10.0.0.1"));
        RouterRules.EnsureMayJoin(router, [Elsewhere], [Inside]);
        Should.Throw<Rejection>(() => RouterRules.EnsureMayJoin(router, [Inside], [Inside])).Message
            .ShouldBe($"Bad router request: Router already has a port on subnet {Inside.Id}.");
        Should.Throw<Rejection>(() => RouterRules.EnsureMayJoin(router, [Overlapping], [Inside])).Message.ShouldContain("overlaps with cidr 10.0.0.0/24");
        Code(() => RouterRules.EnsureMayJoin(router, [Elsewhere, Overlapping], [])).ShouldBe("BadRequest");
    }

    [Fact]
    public void the_interface_to_remove_is_named_by_port_or_subnet_and_a_route_through_it_keeps_it()
    {
        var router = ARouter(interfaces: (Inside, "10.0.0.1"));
        var plugged = router.Interfaces.Single();
        RouterRules.InterfaceToRemove(router, plugged.PortId, null).ShouldBe(plugged);
        RouterRules.InterfaceToRemove(router, null, Inside.Id).ShouldBe(plugged);
        RouterRules.InterfaceToRemove(router, plugged.PortId, Inside.Id).ShouldBe(plugged);
        Code(() => RouterRules.InterfaceToRemove(router, plugged.PortId, Elsewhere.Id)).ShouldBe("SubnetMismatchForPort");
        Code(() => RouterRules.InterfaceToRemove(router, Guid.NewGuid(), null)).ShouldBe("RouterInterfaceNotFound");
        Code(() => RouterRules.InterfaceToRemove(router, null, Elsewhere.Id)).ShouldBe("RouterInterfaceNotFoundForSubnet");

        var routed = router.Apply(new RouterUpdated(router.Id, router.Attributes with { Routes = [new("172.16.0.0/16", "10.0.0.9")] }, "demo", Now));
        Code(() => RouterRules.EnsureNoRouteThrough(routed, [Inside])).ShouldBe("RouterInterfaceInUseByRoute");
        RouterRules.EnsureNoRouteThrough(routed, [Elsewhere]);
    }

    [Fact]
    public void a_floating_ip_goes_through_the_router_on_the_subnets_gateway_first()
    {
        var onGateway = ARouter(Guid.Parse("0193a1b2-0000-7000-8000-00000000c009"), true, (Inside, "10.0.0.1"));
        var onAnother = ARouter(Guid.Parse("0193a1b2-0000-7000-8000-00000000c001"), true, (Inside, "10.0.0.250"));
        var noGateway = ARouter(Guid.Parse("0193a1b2-0000-7000-8000-00000000c000"), false, (Inside, "10.0.0.251"));

        FloatingIpRouting.Choose([onAnother, onGateway, noGateway], Pool, Inside).ShouldBe(onGateway);
        FloatingIpRouting.Choose([onAnother, noGateway], Pool, Inside).ShouldBe(onAnother);
        FloatingIpRouting.Choose([noGateway], Pool, Inside).ShouldBeNull();
        FloatingIpRouting.Choose([onGateway], Guid.NewGuid(), Inside).ShouldBeNull("a gateway on another pool");
        FloatingIpRouting.Choose([onGateway], Pool, Elsewhere).ShouldBeNull("no interface on the subnet");
    }
}
