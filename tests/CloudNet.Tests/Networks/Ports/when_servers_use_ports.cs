using System.Text.Json.Nodes;
using CloudNet.Tests.History;
using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Networks.Routers;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.Ports;

/// <summary>
/// One model, two views: the ports nova's and Rackspace's routes give servers are Neutron ports, and a free port a client
/// made can be handed to a server, which then holds it (and the floating IP on it).
/// </summary>
public class when_servers_use_ports(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task the_ports_a_server_gets_are_neutron_ports_held_by_it_and_go_with_it()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "server-ports-1", "192.168.111.0/24");
        var server = await app.Host.CreateServer(Demo, "with-ports", new object[] { new { uuid = networkId } });
        var serverId = server["id"].Str();

        var ports = await app.Host.ListPorts(Demo, $"?device_id={serverId}");
        var port = ports.Single()!;
        port["network_id"].Str().ShouldBe(networkId);
        port["device_owner"].Str().ShouldBe("compute:nova");
        port["status"].Str().ShouldBe("ACTIVE");
        port.Addresses().ShouldBe(server.AddressEntries().Select(a => a.Addr).ToList());
        // nova shows the port's MAC as Neutron does (Terraform matches the two).
        port["mac_address"].Str().ShouldBe(server["addresses"]!.AsObject().Single().Value![0]!["OS-EXT-IPS-MAC:mac_addr"].Str());

        var vif = await app.Host.As(Demo, x => x.Post.Json(new { virtual_interface = new { network_id = Scenarios.ServiceNet } })
            .ToUrl($"/servers/{serverId}/os-virtual-interfacesv2"));
        var vifId = (await vif.Json())["virtual_interfaces"]![0]!["id"].Str();
        (await app.Host.ListPorts(Demo, $"?device_id={serverId}")).Ids().Order().ShouldBe(new[] { port["id"].Str(), vifId }.Order());

        (await app.Host.As(Demo, x => x.Delete.Url($"/servers/{serverId}/os-virtual-interfacesv2/{vifId}"))).Status().ShouldBe(200);
        (await app.Host.ListPorts(Demo, $"?device_id={serverId}")).Ids().ShouldBe([port["id"].Str()]);

        (await app.Host.As(Demo, x => x.Delete.Url($"/servers/{serverId}"))).Status().ShouldBe(204);
        (await app.Host.ListPorts(Demo, $"?device_id={serverId}")).ShouldBeEmpty();
        await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/ports/{port["id"].Str()}"))).ShouldBeNeutronError(404, "PortNotFound");
    }

    [Fact]
    public async Task a_free_port_handed_to_a_server_is_held_by_it_and_outlives_it()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "server-ports-2", "192.168.112.0/24");
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.112.50" } } });
        var portId = port["id"].Str();

        var server = await app.Host.CreateServer(Demo, "on-a-port", new object[] { new { port = portId } });
        var serverId = server["id"].Str();

        server.AddressEntries().Select(a => (a.Label, a.Addr)).ShouldBe([("server-ports-2", "192.168.112.50")]);
        var held = await app.Host.ShowPort(Demo, portId);
        (held["device_id"].Str(), held["device_owner"].Str(), held["status"].Str()).ShouldBe((serverId, "compute:nova", "ACTIVE"));

        var second = await app.Host.As(Demo, x => x.Post.Json(new { server = new { name = "thief", imageRef = "i", flavorRef = "f", networks = new[] { new { port = portId } } } })
            .ToUrl("/servers"));
        (await second.ShouldBeNovaFault(409, "conflictingRequest")).ShouldContain(portId);

        (await app.Host.As(Demo, x => x.Delete.Url($"/servers/{serverId}"))).Status().ShouldBe(204);
        var free = await app.Host.ShowPort(Demo, portId);
        (free["device_id"].Str(), free["device_owner"].Str(), free["status"].Str()).ShouldBe(("", "", "DOWN"));
        free.Addresses().ShouldBe(["192.168.112.50"], "a port the server did not make keeps its addresses");
    }

    [Fact]
    public async Task a_floating_ip_on_a_free_port_follows_the_port_to_the_server_and_stays_on_the_port_after()
    {
        var (networkId, _, _) = await app.Host.RoutedNetwork(Demo, "server-ports-3", "192.168.113.0/24");
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId });
        var portId = port["id"].Str();
        var floating = await app.Host.CreateFloatingIp(Demo);
        var floatingId = floating["id"].Str();

        var associated = await app.Host.UpdateFloatingIp(Demo, floatingId, new { port_id = portId });
        (associated["port_id"].Str(), associated["fixed_ip_address"].Str(), associated["status"].Str())
            .ShouldBe((portId, port.Addresses()[0], "ACTIVE"));
        var nova = (await (await app.Host.As(Demo, x => x.Get.Url($"/os-floating-ips/{floatingId}"))).Json())["floating_ip"]!;
        nova["instance_id"].ShouldBeNull();
        nova["fixed_ip"].Str().ShouldBe(port.Addresses()[0]);

        var server = await app.Host.CreateServer(Demo, "takes-port", new object[] { new { port = portId } });
        server.AddressEntries().ShouldContain(e => e.Addr == floating["floating_ip_address"].Str() && e.Type == "floating");
        nova = (await (await app.Host.As(Demo, x => x.Get.Url($"/os-floating-ips/{floatingId}"))).Json())["floating_ip"]!;
        nova["instance_id"].Str().ShouldBe(server["id"].Str());

        (await app.Host.As(Demo, x => x.Delete.Url($"/servers/{server["id"].Str()}"))).Status().ShouldBe(204);
        var after = await app.Host.ShowNeutronFloatingIp(Demo, floatingId);
        (after["port_id"].Str(), after["fixed_ip_address"].Str()).ShouldBe((portId, port.Addresses()[0]));
        nova = (await (await app.Host.As(Demo, x => x.Get.Url($"/os-floating-ips/{floatingId}"))).Json())["floating_ip"]!;
        nova["instance_id"].ShouldBeNull();

        // Deleting the port ends the association, as Neutron does.
        (await app.Host.DeletePort(Demo, portId)).Status().ShouldBe(204);
        var ended = await app.Host.ShowNeutronFloatingIp(Demo, floatingId);
        ended["port_id"].ShouldBeNull();
        ended["status"].Str().ShouldBe("DOWN");
    }

    [Fact]
    public async Task deleting_a_servers_port_through_neutron_detaches_it_from_the_server()
    {
        var server = await app.Host.CreateServer(Demo, "loses-port");
        var serverId = server["id"].Str();
        var publicPort = (await app.Host.ListPorts(Demo, $"?device_id={serverId}&network_id={Scenarios.PublicNet}")).Single()!;
        var floating = await app.Host.AllocateFloatingIp(Demo);
        (await app.Host.AddFloatingIp(Demo, serverId, floating["ip"].Str())).Status().ShouldBe(202);

        (await app.Host.DeletePort(Demo, publicPort["id"].Str())).Status().ShouldBe(204);

        var after = await app.Host.ShowServer(Demo, serverId);
        after.AddressEntries().Select(a => a.Label).Distinct().ShouldBe(["private"]);
        var nova = (await (await app.Host.As(Demo, x => x.Get.Url($"/os-floating-ips/{floating["id"].Str()}"))).Json())["floating_ip"]!;
        nova["fixed_ip"].ShouldBeNull();
    }

    [Fact]
    public async Task new_addresses_of_a_servers_port_show_on_the_server()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "server-ports-5", "192.168.115.0/24");
        var server = await app.Host.CreateServer(Demo, "readdressed", new object[] { new { uuid = networkId } });
        var port = (await app.Host.ListPorts(Demo, $"?device_id={server["id"].Str()}")).Single()!;

        await app.Host.UpdatePort(Demo, port["id"].Str(), new
        {
            fixed_ips = new object[] { new { ip_address = port.Addresses()[0] }, new { subnet_id = subnetId, ip_address = "192.168.115.77" } },
        });

        (await app.Host.ShowServer(Demo, server["id"].Str())).AddressEntries().Select(a => a.Addr)
            .ShouldBe([port.Addresses()[0], "192.168.115.77"]);
        await (await app.Host.PutPort(Demo, port["id"].Str(), new { device_id = "elsewhere" })).ShouldBeNeutronError(409, "PortInUse");
    }

    [Fact]
    public async Task a_ports_history_is_its_own_stream_and_its_addresses_name_it()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "server-ports-6", "192.168.116.0/24");
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.116.9" } } });
        var portId = port["id"].Str();
        await app.Host.UpdatePort(Demo, portId, new { name = "audited" });
        (await app.Host.As(Demo, x => x.Put.Json(new { tags = new[] { "red" } }).ToUrl($"/v2.0/ports/{portId}/tags"))).Status().ShouldBe(200);
        (await app.Host.DeletePort(Demo, portId)).Status().ShouldBe(204);

        var events = await app.Host.EventsOf(Demo, "ports", portId);
        events.Select(e => e!["type"].Str()).ShouldBe(["port_created", "port_updated", "port_tags_replaced", "port_deleted"]);
        var holdings = (await app.Host.HistoryOk(Demo, "/history/addresses/192.168.116.9?network_id=" + networkId))["holdings"]!.AsArray();
        var holding = holdings.Single()!;
        (holding["holder_kind"].Str(), holding["holder_id"].Str(), holding["resource"].Str()).ShouldBe(("port", portId, $"/history/ports/{portId}"));
        holding["to"].ShouldNotBeNull();
    }
}
