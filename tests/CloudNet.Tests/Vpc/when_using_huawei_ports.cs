using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>Huawei's <c>/v1/{project}/ports</c>, the same ports as Neutron's, and the private IPs they take as virtual IPs.</summary>
public class when_using_huawei_ports(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly string P = Demo.TenantId;

    [Fact]
    public async Task a_port_made_through_huawei_is_a_neutron_port_and_the_reverse()
    {
        var network = await app.Host.NewVpcWithSubnet(Demo, 41);
        var neutronSubnet = (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/subnets/{network}")).Json["subnet"]!["neutron_subnet_id"].Str();

        var port = await app.Host.NewHuaweiPort(Demo, network, "10.41.1.50", "neutron:VIP_PORT");
        var id = port["id"].Str();
        port["network_id"].Str().ShouldBe(network);
        port["fixed_ips"]!.AsArray().Select(f => (f!["subnet_id"].Str(), f["ip_address"].Str())).ShouldBe([(neutronSubnet, "10.41.1.50")]);
        port["device_owner"].Str().ShouldBe("neutron:VIP_PORT");
        port["status"].Str().ShouldBe("DOWN");
        port["tenant_id"].Str().ShouldBe(P);
        port["admin_state_up"]!.GetValue<bool>().ShouldBeTrue();

        var neutron = await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/ports/{id}");
        neutron.Status.ShouldBe(200, neutron.ToString());
        neutron.Json["port"]!["mac_address"].Str().ShouldBe(port["mac_address"].Str());
        neutron.Json["port"]!["fixed_ips"]![0]!["ip_address"].Str().ShouldBe("10.41.1.50");

        // Neutron renames it; Huawei sees the new name. Neutron's port shows through Huawei too.
        (await app.Host.Send(Demo, HttpMethod.Put, $"/v2.0/ports/{id}", """{"port":{"name":"renamed"}}""")).Status.ShouldBe(200);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/ports/{id}")).Json["port"]!["name"].Str().ShouldBe("renamed");
        var made = await app.Host.Send(Demo, HttpMethod.Post, "/v2.0/ports", $$$"""{"port":{"network_id":"{{{network}}}","name":"from-neutron"}}""");
        made.Status.ShouldBe(201, made.ToString());
        var neutronPort = made.Json["port"]!["id"].Str();
        var listed = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/ports?network_id={network}");
        listed.Json["ports"]!.AsArray().Select(p => p!["id"].Str()).Order().ShouldBe(new[] { id, neutronPort }.Order());

        var byAddress = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/ports?fixed_ips=ip_address=10.41.1.50");
        byAddress.Json["ports"]!.AsArray().Select(p => p!["id"].Str()).ShouldBe([id]);
        var paged = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/ports?network_id={network}&limit=1");
        paged.Json["ports"]!.AsArray().Count.ShouldBe(1);
        var next = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/ports?network_id={network}&limit=1&marker={paged.Json["ports"]![0]!["id"].Str()}");
        next.Json["ports"]!.AsArray().Count.ShouldBe(1);
        next.Json["ports"]![0]!["id"].Str().ShouldNotBe(paged.Json["ports"]![0]!["id"].Str());

        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{P}/ports/{id}")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/ports/{id}")).Status.ShouldBe(404);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/ports/{id}")).ShouldBeHuaweiError(404, "VPC.0704");
    }

    [Fact]
    public async Task a_private_ip_a_port_names_in_its_allowed_address_pairs_is_in_use_until_the_port_lets_it_go()
    {
        var network = await app.Host.NewVpcWithSubnet(Demo, 42);
        var port = (await app.Host.NewHuaweiPort(Demo, network))["id"].Str();
        var vip = await app.Host.AssignOne(Demo, network);
        var address = vip["ip_address"].Str();

        var paired = await app.Host.PairPort(Demo, port, address);
        paired["allowed_address_pairs"]!.AsArray().Select(p => p!["ip_address"].Str()).ShouldBe([address]);
        var shown = (await app.Host.ShowPrivateIp(Demo, vip["id"].Str())).Json["privateip"]!;
        shown["status"].Str().ShouldBe("ACTIVE");
        shown["device_owner"].Str().ShouldBe("neutron:VIP_PORT");
        (await app.Host.ListOk(Demo, network)).Single(i => i!["id"].Str() == vip["id"].Str())!["status"].Str().ShouldBe("ACTIVE");
        (await app.Host.DeletePrivateIp(Demo, vip["id"].Str())).ShouldBeHuaweiError(409, "VPC.0707").ShouldContain(port);

        // Neutron sees the same pair; taking it out there frees the private IP.
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/ports/{port}")).Json["port"]!["allowed_address_pairs"]![0]!["ip_address"].Str().ShouldBe(address);
        (await app.Host.Send(Demo, HttpMethod.Put, $"/v2.0/ports/{port}", """{"port":{"allowed_address_pairs":[]}}""")).Status.ShouldBe(200);
        (await app.Host.ShowPrivateIp(Demo, vip["id"].Str())).Json["privateip"]!.ShouldBeUnboundPrivateIp(Demo, network, address);
        (await app.Host.DeletePrivateIp(Demo, vip["id"].Str())).Status.ShouldBe(204);
    }

    [Fact]
    public async Task deleting_the_port_frees_its_virtual_ip_and_a_wide_pair_binds_none()
    {
        var network = await app.Host.NewVpcWithSubnet(Demo, 43);
        var port = (await app.Host.NewHuaweiPort(Demo, network))["id"].Str();
        var vip = await app.Host.AssignOne(Demo, network);
        await app.Host.PairPort(Demo, port, vip["ip_address"].Str() + "/32", "1.1.1.1/0");
        (await app.Host.ShowPrivateIp(Demo, vip["id"].Str())).Json["privateip"]!["status"].Str().ShouldBe("ACTIVE");
        var other = await app.Host.AssignOne(Demo, network);
        other["status"].Str().ShouldBe("DOWN", "1.1.1.1/0 lets the port send from anything; it makes no private IP its own");

        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{P}/ports/{port}")).Status.ShouldBe(204);
        (await app.Host.DeletePrivateIp(Demo, vip["id"].Str())).Status.ShouldBe(204);
    }

    [Fact]
    public async Task a_port_cannot_take_a_private_ips_address_as_its_own()
    {
        var network = await app.Host.NewVpcWithSubnet(Demo, 44);
        var ip = await app.Host.AssignOne(Demo, network, "10.44.1.9");
        (await app.Host.CreateHuaweiPort(Demo, new JsonObject
        {
            ["network_id"] = network,
            ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.44.1.9" }),
        })).ShouldBeHuaweiError(409, "VPC.0701");
        (await app.Host.ShowPrivateIp(Demo, ip["id"].Str())).Json["privateip"]!.ShouldBeUnboundPrivateIp(Demo, network, "10.44.1.9");
    }

    [Fact]
    public async Task huawei_refuses_what_its_ports_do_not_have()
    {
        var network = await app.Host.NewVpcWithSubnet(Demo, 45);
        (await app.Host.CreateHuaweiPort(Demo, new JsonObject { ["network_id"] = network, ["device_owner"] = "compute:nova" }))
            .ShouldBeHuaweiError(400, "VPC.0002");
        (await app.Host.CreateHuaweiPort(Demo, new JsonObject { ["network_id"] = network, ["admin_state_up"] = false }))
            .ShouldBeHuaweiError(400, "VPC.0002");
        (await app.Host.CreateHuaweiPort(Demo, new JsonObject
        {
            ["network_id"] = network,
            ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.45.1.5" }, new JsonObject { ["ip_address"] = "10.45.1.6" }),
        })).ShouldBeHuaweiError(400, "VPC.0002");
        (await app.Host.CreateHuaweiPort(Demo, new JsonObject { ["network_id"] = network, ["binding:host_id"] = "h" }))
            .ShouldBeHuaweiError(400, "VPC.0002");
        (await app.Host.CreateHuaweiPort(Demo, new JsonObject
        {
            ["network_id"] = network,
            ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.99.1.5" }),
        })).ShouldBeHuaweiError(400, "VPC.0705");
        (await app.Host.CreateHuaweiPort(Demo, new JsonObject { ["network_id"] = Guid.NewGuid().ToString() })).ShouldBeHuaweiError(404, "VPC.2204");
        (await app.Host.CreateHuaweiPort(Demo, new JsonObject { ["network_id"] = "00000000-0000-0000-0000-000000000000" }))
            .ShouldBeHuaweiError(404, "VPC.2204");
        var port = (await app.Host.NewHuaweiPort(Demo, network))["id"].Str();
        (await app.Host.UpdateHuaweiPort(Demo, port, new JsonObject { ["allowed_address_pairs"] = new JsonArray(new JsonObject { ["ip_address"] = "0.0.0.0/0" }) }))
            .ShouldBeHuaweiError(400, "VPC.0002");
        (await app.Host.UpdateHuaweiPort(Demo, port, new JsonObject { ["device_owner"] = "x" })).ShouldBeHuaweiError(400, "VPC.0002");
        (await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v1/{TestAccount.Other.TenantId}/ports/{port}")).ShouldBeHuaweiError(404, "VPC.0704");

        // A server's port is the server's: Huawei deletes only ports without a device.
        var server = (await app.Host.CreateServer(Demo, "holder", new[] { new { uuid = network } }))["id"].Str();
        var serverPort = (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/ports?device_id={server}")).Json["ports"]![0]!;
        serverPort["instance_id"].Str().ShouldBe(server);
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{P}/ports/{serverPort["id"].Str()}")).ShouldBeHuaweiError(409, "VPC.0706");
    }
}
