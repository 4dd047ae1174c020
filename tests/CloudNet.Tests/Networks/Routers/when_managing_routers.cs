using System.Text.Json.Nodes;
using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.Routers;

/// <summary><c>/v2.0/routers</c> from create to delete, field by field against Neutron's router reference: the gateway on a
/// floating IP pool, the interfaces by subnet and by port, routes, tags, and Neutron's refusals.</summary>
public class when_managing_routers(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    static readonly string[] Fields =
    [
        "admin_state_up", "availability_zone_hints", "availability_zones", "conntrack_helpers", "created_at", "description", "distributed",
        "external_gateway_info", "flavor_id", "ha", "id", "name", "project_id", "revision_number", "routes", "service_type_id", "status", "tags",
        "tenant_id", "updated_at",
    ];

    [Fact]
    public async Task a_router_is_created_with_every_field_and_its_gateway_takes_an_address_of_the_pool()
    {
        var router = await app.Host.CreateRouter(Demo, new
        {
            name = "edge",
            description = "the way out",
            admin_state_up = true,
            availability_zone_hints = new[] { "nova" },
            external_gateway_info = new { network_id = FloatingIpScenarios.DefaultNetwork, enable_snat = false },
        });

        router.Keys().Order(StringComparer.Ordinal).ShouldBe(Fields);
        router["name"].Str().ShouldBe("edge");
        router["description"].Str().ShouldBe("the way out");
        router["status"].Str().ShouldBe("ACTIVE");
        router["tenant_id"].Str().ShouldBe(Demo.TenantId);
        router["project_id"].Str().ShouldBe(Demo.TenantId);
        router["revision_number"]!.GetValue<long>().ShouldBe(1);
        router["routes"]!.AsArray().ShouldBeEmpty();
        router["distributed"]!.GetValue<bool>().ShouldBeFalse();
        router["availability_zone_hints"]!.ToJsonString().ShouldBe("""["nova"]""");
        var gateway = router["external_gateway_info"]!;
        gateway["network_id"].Str().ShouldBe(FloatingIpScenarios.DefaultNetwork);
        gateway["enable_snat"]!.GetValue<bool>().ShouldBeFalse();
        var fixedIp = gateway["external_fixed_ips"]!.AsArray().Single()!;
        fixedIp["ip_address"].Str().ShouldStartWith("203.0.113.");
        (await app.Host.ShowRouter(Demo, router["id"].Str())).ToJsonString().ShouldBe(router.ToJsonString());

        // The address is the router's in the pool's address history, and no floating IP can have it.
        var holders = await app.Host.As(Demo, x => x.Get.Url($"/history/addresses/{fixedIp["ip_address"].Str()}?network_id={FloatingIpScenarios.DefaultNetwork}"));
        var text = await holders.ReadAsTextAsync();
        holders.Status().ShouldBe(200, text);
        text.ShouldContain("\"router\"");
        text.ShouldContain(router["id"].Str());
        var taken = await app.Host.PostFloatingIp(Demo, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, floating_ip_address = fixedIp["ip_address"].Str() });
        await taken.ShouldBeNeutronError(409, "IpAddressAlreadyAllocated");
    }

    [Fact]
    public async Task the_gateway_is_set_kept_moved_and_cleared_giving_its_address_back()
    {
        var router = await app.Host.CreateRouter(Demo, new { name = "gw" });
        router["external_gateway_info"].ShouldBeNull();
        var id = router["id"].Str();

        var set = await app.Host.UpdateRouter(Demo, id, new { external_gateway_info = new { network_id = FloatingIpScenarios.DefaultNetwork } });
        var first = set["external_gateway_info"]!["external_fixed_ips"]![0]!["ip_address"].Str();
        set["external_gateway_info"]!["enable_snat"]!.GetValue<bool>().ShouldBeTrue();

        var snat = await app.Host.UpdateRouter(Demo, id, new { external_gateway_info = new { network_id = FloatingIpScenarios.DefaultNetwork, enable_snat = false } });
        snat["external_gateway_info"]!["external_fixed_ips"]![0]!["ip_address"].Str().ShouldBe(first, "only SNAT changed");
        snat["external_gateway_info"]!["enable_snat"]!.GetValue<bool>().ShouldBeFalse();

        var subnet = (await app.Host.ListSubnets(Demo, $"?network_id={FloatingIpScenarios.DefaultNetwork}")).Single()!["id"].Str();
        var moved = await app.Host.UpdateRouter(Demo, id, new
        {
            external_gateway_info = new { network_id = FloatingIpScenarios.DefaultNetwork, external_fixed_ips = new[] { new { subnet_id = subnet, ip_address = "203.0.113.200" } } },
        });
        moved["external_gateway_info"]!["external_fixed_ips"]!.ToJsonString().ShouldBe($$"""[{"subnet_id":"{{subnet}}","ip_address":"203.0.113.200"}]""");

        var cleared = await app.Host.UpdateRouter(Demo, id, new { external_gateway_info = (object?)null });
        cleared["external_gateway_info"].ShouldBeNull();
        cleared["revision_number"]!.GetValue<long>().ShouldBe(5);

        // Both addresses are free again: a floating IP can be made with each.
        foreach (var address in new[] { first, "203.0.113.200" })
            (await app.Host.CreateFloatingIp(Demo, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, floating_ip_address = address }))
                ["floating_ip_address"].Str().ShouldBe(address);
    }

    [Fact]
    public async Task a_gateway_must_be_on_an_external_network()
    {
        var (tenantNetwork, _) = await app.Host.CreateNetworkWithSubnet(Demo, "not-external", "10.61.0.0/24");
        await (await app.Host.PostRouter(Demo, new { external_gateway_info = new { network_id = tenantNetwork } })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.PostRouter(Demo, new { external_gateway_info = new { network_id = Scenarios.PublicNet } })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.PostRouter(Demo, new { external_gateway_info = new { network_id = Guid.NewGuid() } })).ShouldBeNeutronError(404, "NetworkNotFound");
        await (await app.Host.PostRouter(Demo, new { external_gateway_info = new { enable_snat = true } })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.PostRouter(Demo, new { distributed = true })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.PostRouter(Demo, new { routes = Array.Empty<object>() })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.PostRouter(Demo, new
        {
            external_gateway_info = new { network_id = FloatingIpScenarios.DefaultNetwork, external_fixed_ips = new[] { new { ip_address = "198.51.100.7" } } },
        })).ShouldBeNeutronError(400, "InvalidIpForNetwork");
    }

    [Fact]
    public async Task an_interface_by_subnet_is_a_port_holding_the_subnet_gateway()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "inside", "10.62.0.0/24");
        var router = await app.Host.CreateRouterWithGateway(Demo, "in");
        var id = router["id"].Str();

        var plugged = await app.Host.PlugSubnet(Demo, id, subnetId);

        plugged.Keys().Order(StringComparer.Ordinal).ShouldBe(["id", "network_id", "port_id", "project_id", "subnet_id", "subnet_ids", "tags", "tenant_id"]);
        plugged["id"].Str().ShouldBe(id);
        plugged["subnet_id"].Str().ShouldBe(subnetId);
        plugged["subnet_ids"]!.ToJsonString().ShouldBe($"""["{subnetId}"]""");
        plugged["network_id"].Str().ShouldBe(networkId);
        var port = await app.Host.ShowPort(Demo, plugged["port_id"].Str());
        port["device_owner"].Str().ShouldBe("network:router_interface");
        port["device_id"].Str().ShouldBe(id);
        port["status"].Str().ShouldBe("ACTIVE");
        port.Addresses().ShouldBe(["10.62.0.1"]);
        port["security_groups"]!.AsArray().ShouldBeEmpty("a router's port is the network's own: no default group");
        (await app.Host.ListPorts(Demo, $"?device_id={id}")).Ids().ShouldBe([plugged["port_id"].Str()]);

        // Neutron's refusals: the subnet again, the router's port deleted directly, the subnet or network deleted under it.
        await (await app.Host.AddInterface(Demo, id, new { subnet_id = subnetId })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.DeletePort(Demo, plugged["port_id"].Str())).ShouldBeNeutronError(409, "ServicePortInUse");
        await (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/subnets/{subnetId}"))).ShouldBeNeutronError(409, "SubnetInUse");
        await (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"))).ShouldBeNeutronError(409, "NetworkInUse");
        await (await app.Host.DeleteRouter(Demo, id)).ShouldBeNeutronError(409, "RouterInUse");
        await (await app.Host.PutPort(Demo, plugged["port_id"].Str(), new { device_id = "" })).ShouldBeNeutronError(409, "PortInUse");

        var removed = await app.Host.RemoveInterface(Demo, id, new { subnet_id = subnetId });
        removed.Status().ShouldBe(200, await removed.ReadAsTextAsync());
        (await removed.Json())["port_id"].Str().ShouldBe(plugged["port_id"].Str());
        (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/ports/{plugged["port_id"].Str()}"))).Status().ShouldBe(404);
        await (await app.Host.RemoveInterface(Demo, id, new { subnet_id = subnetId })).ShouldBeNeutronError(404, "RouterInterfaceNotFoundForSubnet");
        await (await app.Host.RemoveInterface(Demo, id, new { port_id = plugged["port_id"].Str() })).ShouldBeNeutronError(404, "RouterInterfaceNotFound");

        (await app.Host.DeleteRouter(Demo, id)).Status().ShouldBe(204);
        (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"))).Status().ShouldBe(204);
    }

    [Fact]
    public async Task an_interface_by_port_takes_that_port_and_its_removal_deletes_it()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "by-port", "10.63.0.0/24");
        var router = await app.Host.CreateRouter(Demo, new { name = "by-port" });
        var id = router["id"].Str();
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { subnet_id = subnetId, ip_address = "10.63.0.254" } } });

        var plugged = await app.Host.AddInterface(Demo, id, new { port_id = port["id"].Str() });

        plugged.Status().ShouldBe(200, await plugged.ReadAsTextAsync());
        (await plugged.Json())["subnet_id"].Str().ShouldBe(subnetId);
        var shown = await app.Host.ShowPort(Demo, port["id"].Str());
        (shown["device_id"].Str(), shown["device_owner"].Str()).ShouldBe((id, "network:router_interface"));
        (await app.Host.ShowRouter(Demo, id))["revision_number"]!.GetValue<long>().ShouldBe(2);

        // A held port, a port without addresses, both ids at once, neither, and the subnet the router is on already.
        var other = await app.Host.CreateRouter(Demo, new { name = "other" });
        await (await app.Host.AddInterface(Demo, other["id"].Str(), new { port_id = port["id"].Str() })).ShouldBeNeutronError(409, "PortInUse");
        var bare = await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = Array.Empty<object>() });
        await (await app.Host.AddInterface(Demo, other["id"].Str(), new { port_id = bare["id"].Str() })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.AddInterface(Demo, id, new { port_id = bare["id"].Str(), subnet_id = subnetId })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.AddInterface(Demo, id, new { })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.AddInterface(Demo, id, new { subnet_id = "nope" })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.AddInterface(Demo, id, new { subnet_id = subnetId })).ShouldBeNeutronError(400, "BadRequest");

        await (await app.Host.RemoveInterface(Demo, id, new { port_id = port["id"].Str(), subnet_id = Guid.NewGuid() }))
            .ShouldBeNeutronError(400, "SubnetMismatchForPort");
        (await app.Host.RemoveInterface(Demo, id, new { port_id = port["id"].Str() })).Status().ShouldBe(200);
        (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/ports/{port["id"].Str()}"))).Status().ShouldBe(404, "Neutron deletes the port it was given too");
    }

    [Fact]
    public async Task a_subnet_without_gateway_or_overlapping_the_router_is_refused()
    {
        var router = await app.Host.CreateRouterWithGateway(Demo, "overlaps");
        var id = router["id"].Str();
        var network = await app.Host.CreateNetwork(Demo, "no-gateway");
        var noGateway = await app.Host.PostSubnet(Demo, new { network_id = network["id"].Str(), cidr = "10.64.0.0/24", ip_version = 4, gateway_ip = (string?)null });
        var noGatewayId = (await noGateway.Json())["subnet"]!["id"].Str();
        (await (await app.Host.AddInterface(Demo, id, new { subnet_id = noGatewayId })).ShouldBeNeutronError(400, "BadRequest"))
            .ShouldBe("Bad router request: Subnet for router interface must have a gateway IP.");

        var (_, a) = await app.Host.CreateNetworkWithSubnet(Demo, "a", "10.65.0.0/24");
        var (_, b) = await app.Host.CreateNetworkWithSubnet(Demo, "b", "10.65.0.0/25");
        await app.Host.PlugSubnet(Demo, id, a);
        (await (await app.Host.AddInterface(Demo, id, new { subnet_id = b })).ShouldBeNeutronError(400, "BadRequest")).ShouldContain("overlaps with cidr 10.65.0.0/24");
        await (await app.Host.AddInterface(Demo, id, new { subnet_id = Guid.NewGuid() })).ShouldBeNeutronError(404, "SubnetNotFound");
        await (await app.Host.AddInterface(Demo, Guid.NewGuid().ToString(), new { subnet_id = b })).ShouldBeNeutronError(404, "RouterNotFound");
    }

    [Fact]
    public async Task routes_need_a_next_hop_on_the_routers_subnets_and_keep_their_interface()
    {
        var (_, subnetId, routerId) = await app.Host.RoutedNetwork(Demo, "routes", "10.66.0.0/24");

        var routed = await app.Host.UpdateRouter(Demo, routerId, new { routes = new[] { new { destination = "172.16.0.0/16", nexthop = "10.66.0.10" } } });
        routed["routes"]!.ToJsonString().ShouldBe("""[{"destination":"172.16.0.0/16","nexthop":"10.66.0.10"}]""");

        await (await app.Host.PutRouter(Demo, routerId, new { routes = new[] { new { destination = "172.17.0.0/16", nexthop = "192.0.2.1" } } }))
            .ShouldBeNeutronError(400, "InvalidRoutes");
        await (await app.Host.PutRouter(Demo, routerId, new { routes = new[] { new { destination = "172.17.0.0/16", nexthop = "10.66.0.1" } } }))
            .ShouldBeNeutronError(400, "InvalidRoutes");
        await (await app.Host.PutRouter(Demo, routerId, new { routes = new[] { new { destination = "172.17.0.1/16", nexthop = "10.66.0.10" } } }))
            .ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.RemoveInterface(Demo, routerId, new { subnet_id = subnetId })).ShouldBeNeutronError(409, "RouterInterfaceInUseByRoute");

        (await app.Host.UpdateRouter(Demo, routerId, new { routes = (object?)null }))["routes"]!.AsArray().ShouldBeEmpty();
        (await app.Host.RemoveInterface(Demo, routerId, new { subnet_id = subnetId })).Status().ShouldBe(200);
    }

    [Fact]
    public async Task routers_are_listed_filtered_tagged_updated_and_their_history_kept()
    {
        var router = await app.Host.CreateRouterWithGateway(Demo, "listed");
        var id = router["id"].Str();
        var tagged = await app.Host.As(Demo, x => x.Put.Json(new { tags = new[] { "edge", "prod" } }).ToUrl($"/v2.0/routers/{id}/tags"));
        tagged.Status().ShouldBe(200, await tagged.ReadAsTextAsync());
        var renamed = await app.Host.UpdateRouter(Demo, id, new { name = "renamed", admin_state_up = false, description = "d" });
        (renamed["name"].Str(), renamed["admin_state_up"]!.GetValue<bool>(), renamed["description"].Str()).ShouldBe(("renamed", false, "d"));
        renamed["tags"]!.ToJsonString().ShouldBe("""["edge","prod"]""");
        await (await app.Host.PutRouter(Demo, id, new { tenant_id = Demo.TenantId })).ShouldBeNeutronError(400, "BadRequest");

        var listed = await app.Host.As(Demo, x => x.Get.Url("/v2.0/routers?tags=edge&name=renamed&fields=id&fields=name"));
        (await listed.Json())["routers"]!.ToJsonString().ShouldBe($$"""[{"id":"{{id}}","name":"renamed"}]""");
        var other = await app.Host.As(TestAccount.Other, x => x.Get.Url($"/v2.0/routers/{id}"));
        await other.ShouldBeNeutronError(404, "RouterNotFound");

        var events = await app.Host.As(Demo, x => x.Get.Url($"/history/routers/{id}/events"));
        var types = (await events.Json())["events"]!.AsArray().Select(e => e!["type"].Str()).ToList();
        types.ShouldBe(["router_created", "router_tags_replaced", "router_updated"]);
        (await app.Host.DeleteRouter(Demo, id)).Status().ShouldBe(204);
        var before = await app.Host.As(Demo, x => x.Get.Url($"/history/routers/{id}?version=3"));
        ((await before.Json())["router"]!["name"]).Str().ShouldBe("renamed");
        (await app.Host.As(Demo, x => x.Get.Url($"/history/routers/{id}"))).Status().ShouldBe(404, "gone now");
    }
}
