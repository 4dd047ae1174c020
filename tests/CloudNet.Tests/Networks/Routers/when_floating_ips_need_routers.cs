using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.Routers;

/// <summary>
/// Neutron's rule for floating IPs: a port on a tenant network is reached through a router with a gateway on the floating IP's
/// network and an interface on the port's subnet (the floating IP then shows that <c>router_id</c>), and the router cannot lose
/// either while the floating IP needs them. Ports on PublicNet and ServiceNet (the Rackspace model) need no router, through
/// either API.
/// </summary>
public class when_floating_ips_need_routers(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_port_on_a_tenant_network_needs_a_router_with_a_gateway_and_an_interface_on_its_subnet()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "needs-router", "10.71.0.0/24");
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId });
        var ip = await app.Host.CreateFloatingIp(Demo);

        var unrouted = await app.Host.PutFloatingIp(Demo, ip["id"].Str(), new { port_id = port["id"].Str() });
        (await unrouted.ShouldBeNeutronError(404, "ExternalGatewayForFloatingIPNotFound")).ShouldBe(
            $"External network {FloatingIpScenarios.DefaultNetwork} is not reachable from subnet {subnetId}.  " +
            $"Therefore, cannot associate Port {port["id"].Str()} with a Floating IP.");
        await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, port_id = port["id"].Str() }))
            .ShouldBeNeutronError(404, "ExternalGatewayForFloatingIPNotFound");

        // A router on the subnet without a gateway is not enough, nor a gateway without the interface.
        var router = await app.Host.CreateRouter(Demo, new { name = "half" });
        await app.Host.PlugSubnet(Demo, router["id"].Str(), subnetId);
        await (await app.Host.PutFloatingIp(Demo, ip["id"].Str(), new { port_id = port["id"].Str() })).ShouldBeNeutronError(404, "ExternalGatewayForFloatingIPNotFound");
        await app.Host.UpdateRouter(Demo, router["id"].Str(), new { external_gateway_info = new { network_id = FloatingIpScenarios.DefaultNetwork } });

        var associated = await app.Host.UpdateFloatingIp(Demo, ip["id"].Str(), new { port_id = port["id"].Str() });

        associated["router_id"].Str().ShouldBe(router["id"].Str());
        associated["port_id"].Str().ShouldBe(port["id"].Str());
        associated["status"].Str().ShouldBe("ACTIVE");
        (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/floatingips?router_id={router["id"].Str()}"))).Status().ShouldBe(200);

        // What the floating IP needs stays: the interface, the gateway; the router.
        await (await app.Host.RemoveInterface(Demo, router["id"].Str(), new { subnet_id = subnetId })).ShouldBeNeutronError(409, "RouterInterfaceInUseByFloatingIP");
        await (await app.Host.PutRouter(Demo, router["id"].Str(), new { external_gateway_info = new { } }))
            .ShouldBeNeutronError(409, "RouterExternalGatewayInUseByFloatingIp");
        await (await app.Host.DeleteRouter(Demo, router["id"].Str())).ShouldBeNeutronError(409, "RouterInUse");

        var freed = await app.Host.UpdateFloatingIp(Demo, ip["id"].Str(), new { port_id = (string?)null });
        freed["router_id"].ShouldBeNull();
        (await app.Host.RemoveInterface(Demo, router["id"].Str(), new { subnet_id = subnetId })).Status().ShouldBe(200);
        (await app.Host.UpdateRouter(Demo, router["id"].Str(), new { external_gateway_info = new { } }))["external_gateway_info"].ShouldBeNull();
    }

    [Fact]
    public async Task the_router_whose_interface_is_the_subnet_gateway_is_chosen_and_a_router_port_gets_no_floating_ip()
    {
        var (networkId, subnetId, routerId) = await app.Host.RoutedNetwork(Demo, "chosen", "10.72.0.0/24");
        // A second router on the same subnet, through a port of its own (not the gateway address).
        var second = await app.Host.CreateRouterWithGateway(Demo, "second");
        var spare = await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { subnet_id = subnetId, ip_address = "10.72.0.250" } } });
        (await app.Host.AddInterface(Demo, second["id"].Str(), new { port_id = spare["id"].Str() })).Status().ShouldBe(200);
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId });

        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, port_id = port["id"].Str() });

        ip["router_id"].Str().ShouldBe(routerId);
        await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, port_id = spare["id"].Str() }))
            .ShouldBeNeutronError(400, "BadRequest");
    }

    [Fact]
    public async Task nova_adds_floating_ips_to_provider_networks_as_before_and_to_tenant_networks_through_a_router()
    {
        var server = await app.Host.CreateServer(Demo, "rackspace-model");
        var floating = await app.Host.AllocateFloatingIp(Demo);
        (await app.Host.ServerAction(Demo, server["id"].Str(), new { addFloatingIp = new { address = floating["ip"].Str() } })).Status().ShouldBe(202);
        (await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/floatingips/{floating["id"].Str()}"))).Json())["floatingip"]!["router_id"].ShouldBeNull();

        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "nova-tenant", "10.73.0.0/24");
        var inside = await app.Host.CreateServer(Demo, "inside", new[] { new { uuid = networkId } });
        var second = await app.Host.AllocateFloatingIp(Demo);
        var refused = await app.Host.ServerAction(Demo, inside["id"].Str(), new { addFloatingIp = new { address = second["ip"].Str() } });
        refused.Status().ShouldBe(400, await refused.ReadAsTextAsync());
        (await refused.ReadAsTextAsync()).ShouldContain("is not reachable from subnet");

        var router = await app.Host.CreateRouterWithGateway(Demo, "nova-router");
        await app.Host.PlugSubnet(Demo, router["id"].Str(), subnetId);
        (await app.Host.ServerAction(Demo, inside["id"].Str(), new { addFloatingIp = new { address = second["ip"].Str() } })).Status().ShouldBe(202);
        var neutron = await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/floatingips/{second["id"].Str()}"))).Json();
        neutron["floatingip"]!["router_id"].Str().ShouldBe(router["id"].Str());
    }
}
