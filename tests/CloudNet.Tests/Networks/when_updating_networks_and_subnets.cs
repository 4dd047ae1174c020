using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary>Every writable attribute Neutron documents for networks and subnets: stored, returned and changeable with PUT,
/// and allocation pools that IPAM honours.</summary>
public class when_updating_networks_and_subnets(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_network_is_created_with_and_changed_to_every_writable_attribute()
    {
        var result = await app.Host.As(Demo, x => x.Post.Json(new
        {
            network = new { name = "full", description = "all of it", admin_state_up = false, mtu = 1450, port_security_enabled = false, dns_domain = "tf.example.org." },
        }).ToUrl("/v2.0/networks"));
        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        var network = (await result.Json())["network"]!;
        (network["description"].Str(), network["admin_state_up"]!.GetValue<bool>(), network["mtu"]!.GetValue<int>(),
                network["port_security_enabled"]!.GetValue<bool>(), network["dns_domain"].Str(), network["revision_number"]!.GetValue<long>())
            .ShouldBe(("all of it", false, 1450, false, "tf.example.org.", 1L));
        network["tags"]!.AsArray().ShouldBeEmpty();
        network["availability_zones"]!.AsArray().Select(z => z.Str()).ShouldBe(["nova"]);

        var id = network["id"].Str();
        var put = await app.Host.As(Demo, x => x.Put.Json(new
        {
            network = new { name = "changed", description = "", admin_state_up = true, mtu = 1400, port_security_enabled = true, dns_domain = "" },
        }).ToUrl($"/v2.0/networks/{id}"));
        put.Status().ShouldBe(200, await put.ReadAsTextAsync());
        var changed = (await put.Json())["network"]!;
        (changed["name"].Str(), changed["description"].Str(), changed["admin_state_up"]!.GetValue<bool>(), changed["mtu"]!.GetValue<int>(),
                changed["port_security_enabled"]!.GetValue<bool>(), changed["dns_domain"].Str(), changed["revision_number"]!.GetValue<long>())
            .ShouldBe(("changed", "", true, 1400, true, "", 2L));
        (await app.Host.ListNetworks(Demo, $"?id={id}")).Single()!.ToJsonString().ShouldBe(changed.ToJsonString());

        // A port made on it now has port security as the network has it.
        var port = await app.Host.CreatePort(Demo, new { network_id = id });
        port["port_security_enabled"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task neutrons_network_rules_are_kept()
    {
        var id = (await app.Host.CreateNetwork(Demo, "rules"))["id"].Str();

        await (await app.Host.As(Demo, x => x.Put.Json(new { network = new { mtu = 9000 } }).ToUrl($"/v2.0/networks/{id}")))
            .ShouldBeNeutronError(400, "InvalidInput");
        await (await app.Host.As(Demo, x => x.Put.Json(new { network = new { shared = true } }).ToUrl($"/v2.0/networks/{id}")))
            .ShouldBeNeutronError(403, "PolicyNotAuthorized");
        await (await app.Host.As(Demo, x => x.Put.Json(new { network = new { tenant_id = "x" } }).ToUrl($"/v2.0/networks/{id}")))
            .ShouldBeNeutronError(400);
        await (await app.Host.As(Demo, x => x.Put.Json(new { network = new { name = "x" } }).ToUrl($"/v2.0/networks/{Scenarios.PublicNet}")))
            .ShouldBeNeutronError(403, "PolicyNotAuthorized");
        await (await app.Host.As(TestAccount.Other, x => x.Put.Json(new { network = new { name = "x" } }).ToUrl($"/v2.0/networks/{id}")))
            .ShouldBeNeutronError(404, "NetworkNotFound");
        // Neutron allows a network without a name, and shared: false by anyone.
        var unnamed = await app.Host.As(Demo, x => x.Post.Json(new { network = new { shared = false } }).ToUrl("/v2.0/networks"));
        unnamed.Status().ShouldBe(201, await unnamed.ReadAsTextAsync());
        (await unnamed.Json())["network"]!["name"].Str().ShouldBe("");
    }

    [Fact]
    public async Task an_admin_shares_a_network_and_every_tenant_then_sees_it()
    {
        var id = (await app.Host.CreateNetwork(TestAccount.Admin, "shared-by-admin"))["id"].Str();
        (await app.Host.ListNetworks(Demo)).Ids().ShouldNotContain(id);

        var put = await app.Host.As(TestAccount.Admin, x => x.Put.Json(new { network = new { shared = true } }).ToUrl($"/v2.0/networks/{id}"));
        put.Status().ShouldBe(200, await put.ReadAsTextAsync());

        var seen = (await app.Host.ListNetworks(Demo, $"?id={id}")).Single()!;
        seen["shared"]!.GetValue<bool>().ShouldBeTrue();
        (await app.Host.ListNetworks(Demo, "?shared=true")).Ids().ShouldContain(id);
    }

    [Fact]
    public async Task a_subnet_is_created_with_and_changed_to_every_writable_attribute()
    {
        var networkId = (await app.Host.CreateNetwork(Demo, "subnet-fields"))["id"].Str();
        var created = await app.Host.PostSubnet(Demo, new
        {
            network_id = networkId, cidr = "10.20.30.0/24", ip_version = 4, name = "s", description = "d", enable_dhcp = true,
            dns_nameservers = new[] { "8.8.8.8", "1.1.1.1" }, allocation_pools = new[] { new { start = "10.20.30.100", end = "10.20.30.200" } },
            host_routes = new[] { new { destination = "10.9.0.0/16", nexthop = "10.20.30.1" } }, service_types = new[] { "compute:nova" },
        });
        created.Status().ShouldBe(201, await created.ReadAsTextAsync());
        var subnet = (await created.Json())["subnet"]!;
        subnet["enable_dhcp"]!.GetValue<bool>().ShouldBeTrue();
        subnet["description"].Str().ShouldBe("d");
        subnet["dns_nameservers"]!.AsArray().Select(n => n.Str()).ShouldBe(["8.8.8.8", "1.1.1.1"]);
        subnet["allocation_pools"]!.ToJsonString().ShouldBe("""[{"start":"10.20.30.100","end":"10.20.30.200"}]""");
        subnet["host_routes"]!.ToJsonString().ShouldBe("""[{"destination":"10.9.0.0/16","nexthop":"10.20.30.1"}]""");
        subnet["service_types"]!.AsArray().Select(n => n.Str()).ShouldBe(["compute:nova"]);
        subnet["gateway_ip"].Str().ShouldBe("10.20.30.1");

        var id = subnet["id"].Str();
        var put = await app.Host.As(Demo, x => x.Put.Json(new
        {
            subnet = new
            {
                name = "t", description = "", enable_dhcp = false, gateway_ip = "10.20.30.254", dns_nameservers = Array.Empty<string>(),
                allocation_pools = new[] { new { start = "10.20.30.10", end = "10.20.30.20" } }, host_routes = Array.Empty<object>(),
            },
        }).ToUrl($"/v2.0/subnets/{id}"));
        put.Status().ShouldBe(200, await put.ReadAsTextAsync());
        var changed = (await put.Json())["subnet"]!;
        (changed["name"].Str(), changed["enable_dhcp"]!.GetValue<bool>(), changed["gateway_ip"].Str(), changed["revision_number"]!.GetValue<long>())
            .ShouldBe(("t", false, "10.20.30.254", 2L));
        changed["allocation_pools"]!.ToJsonString().ShouldBe("""[{"start":"10.20.30.10","end":"10.20.30.20"}]""");
        changed["dns_nameservers"]!.AsArray().ShouldBeEmpty();
        (await app.Host.ListSubnets(Demo, $"?id={id}")).Single()!.ToJsonString().ShouldBe(changed.ToJsonString());

        var noGateway = await app.Host.As(Demo, x => x.Put.Json(new { subnet = new { gateway_ip = (string?)null } }).ToUrl($"/v2.0/subnets/{id}"));
        (await noGateway.Json())["subnet"]!["gateway_ip"].ShouldBeNull();
    }

    [Fact]
    public async Task ipam_hands_out_addresses_from_the_allocation_pools_and_walks_new_pools_after_an_update()
    {
        var networkId = (await app.Host.CreateNetwork(Demo, "pools"))["id"].Str();
        var subnet = await app.Host.CreateSubnet(Demo, networkId, "10.21.0.0/24");
        var subnetId = subnet["id"].Str();
        var put = await app.Host.As(Demo, x => x.Put.Json(new { subnet = new { allocation_pools = new[] { new { start = "10.21.0.100", end = "10.21.0.101" } } } })
            .ToUrl($"/v2.0/subnets/{subnetId}"));
        put.Status().ShouldBe(200, await put.ReadAsTextAsync());

        (await app.Host.CreatePort(Demo, new { network_id = networkId })).Addresses().ShouldBe(["10.21.0.100"]);
        (await app.Host.CreatePort(Demo, new { network_id = networkId })).Addresses().ShouldBe(["10.21.0.101"]);
        await (await app.Host.PostPort(Demo, new { network_id = networkId })).ShouldBeNeutronError(409, "IpAddressGenerationFailure");
        // An address asked for by name may lie outside the pools, as in Neutron.
        (await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "10.21.0.5" } } }))
            .Addresses().ShouldBe(["10.21.0.5"]);

        var wider = await app.Host.As(Demo, x => x.Put.Json(new
        {
            subnet = new { allocation_pools = new[] { new { start = "10.21.0.100", end = "10.21.0.103" } } },
        }).ToUrl($"/v2.0/subnets/{subnetId}"));
        wider.Status().ShouldBe(200, await wider.ReadAsTextAsync());
        (await app.Host.CreatePort(Demo, new { network_id = networkId })).Addresses().ShouldBe(["10.21.0.102"]);
    }

    [Theory]
    [InlineData("""{"start":"10.22.0.50","end":"10.22.0.40"}""", 400, "InvalidAllocationPool")]
    [InlineData("""{"start":"10.22.0.0","end":"10.22.0.40"}""", 400, "OutOfBoundsAllocationPool")]
    [InlineData("""{"start":"10.22.0.250","end":"10.22.0.255"}""", 400, "OutOfBoundsAllocationPool")]
    [InlineData("""{"start":"10.22.1.1","end":"10.22.1.2"}""", 400, "OutOfBoundsAllocationPool")]
    [InlineData("""{"start":"10.22.0.1","end":"10.22.0.9"}""", 409, "GatewayConflictWithAllocationPools")]
    [InlineData("""{"start":"10.22.0.10","end":"10.22.0.20"},{"start":"10.22.0.20","end":"10.22.0.30"}""", 409, "OverlappingAllocationPools")]
    public async Task bad_allocation_pools_get_neutrons_errors(string pools, int status, string type)
    {
        var networkId = (await app.Host.CreateNetwork(Demo, "bad-pools"))["id"].Str();
        var body = $$$"""{"subnet":{"network_id":"{{{networkId}}}","cidr":"10.22.0.0/24","ip_version":4,"allocation_pools":[{{{pools}}}]}}""";

        var reply = await app.Host.SendRaw(Demo, "POST", "/v2.0/subnets", body);

        reply.ShouldBeNeutronError(status, type);
        (await app.Host.ListSubnets(Demo, $"?network_id={networkId}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task read_only_subnet_attributes_are_refused()
    {
        var networkId = (await app.Host.CreateNetwork(Demo, "ro"))["id"].Str();
        var id = (await app.Host.CreateSubnet(Demo, networkId, "10.23.0.0/24"))["id"].Str();

        foreach (var body in new object[] { new { cidr = "10.24.0.0/24" }, new { ip_version = 6 }, new { network_id = networkId } })
            await (await app.Host.As(Demo, x => x.Put.Json(new { subnet = body }).ToUrl($"/v2.0/subnets/{id}"))).ShouldBeNeutronError(400);
        await (await app.Host.As(Demo, x => x.Put.Json(new { subnet = new { dns_nameservers = new[] { "not-an-ip" } } }).ToUrl($"/v2.0/subnets/{id}")))
            .ShouldBeNeutronError(400);
        await (await app.Host.As(TestAccount.Other, x => x.Put.Json(new { subnet = new { name = "x" } }).ToUrl($"/v2.0/subnets/{id}")))
            .ShouldBeNeutronError(404, "SubnetNotFound");
    }
}
