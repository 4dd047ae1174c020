using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.Ports;

/// <summary><c>/v2.0/ports</c> from create to delete, field by field against Neutron's port reference.</summary>
public class when_managing_ports(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_port_with_no_fixed_ips_given_gets_one_address_per_subnet_and_is_down()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "ports-1", "192.168.101.0/24");
        var v6 = await app.Host.CreateSubnet(Demo, networkId, "2001:db8:101::/64", 6);

        var result = await app.Host.PostPort(Demo, new { network_id = networkId, name = "p1", description = "first" });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        var port = (await result.Json())["port"]!;
        port["name"].Str().ShouldBe("p1");
        port["description"].Str().ShouldBe("first");
        port["network_id"].Str().ShouldBe(networkId);
        port["tenant_id"].Str().ShouldBe(Demo.TenantId);
        port["project_id"].Str().ShouldBe(Demo.TenantId);
        port["status"].Str().ShouldBe("DOWN");
        port["admin_state_up"]!.GetValue<bool>().ShouldBeTrue();
        port["device_id"].Str().ShouldBe("");
        port["device_owner"].Str().ShouldBe("");
        port["mac_address"].Str().ShouldMatch("^fa:16:3e(:[0-9a-f]{2}){3}$");
        port["port_security_enabled"]!.GetValue<bool>().ShouldBeTrue();
        port["revision_number"]!.GetValue<long>().ShouldBe(1);
        port["binding:vnic_type"].Str().ShouldBe("normal");
        port["binding:vif_type"].Str().ShouldBe("unbound");
        port["tags"]!.AsArray().ShouldBeEmpty();
        var fixedIps = port["fixed_ips"]!.AsArray();
        fixedIps.Select(f => (f!["subnet_id"].Str(), f["ip_address"].Str())).ShouldBe(
            [(subnetId, "192.168.101.2"), (v6["id"].Str(), "2001:db8:101::2")]);
        port["dns_assignment"]!.AsArray().Select(d => d!["hostname"].Str()).ShouldBe(["host-192-168-101-2", "host-2001-db8-101--2"]);

        (await app.Host.ShowPort(Demo, port["id"].Str())).ToJsonString().ShouldBe(port.ToJsonString());
        (await app.Host.ListPorts(Demo, $"?network_id={networkId}")).Ids().ShouldBe([port["id"].Str()]);
    }

    [Fact]
    public async Task requested_fixed_ips_mac_and_attributes_are_stored_and_returned()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "ports-2", "192.168.102.0/24");

        var port = await app.Host.CreatePort(Demo, new Dictionary<string, object?>
        {
            ["network_id"] = networkId,
            ["fixed_ips"] = new[] { new { subnet_id = subnetId, ip_address = "192.168.102.10" } },
            ["mac_address"] = "FA:16:3E:AA:BB:01",
            ["admin_state_up"] = false,
            ["allowed_address_pairs"] = new[] { new { ip_address = "192.168.102.200" } },
            ["dns_name"] = "db1",
            ["binding:host_id"] = "host-a",
            ["binding:vnic_type"] = "normal",
            ["binding:profile"] = new { local_link_information = new[] { new { port_id = "eth0" } } },
            ["extra_dhcp_opts"] = new[] { new { opt_name = "bootfile-name", opt_value = "pxelinux.0" } },
            ["device_owner"] = "compute:nova",
            ["device_id"] = "an-instance",
        });

        port.Addresses().ShouldBe(["192.168.102.10"]);
        port["mac_address"].Str().ShouldBe("fa:16:3e:aa:bb:01");
        port["admin_state_up"]!.GetValue<bool>().ShouldBeFalse();
        port["allowed_address_pairs"]!.ToJsonString().ShouldBe("""[{"ip_address":"192.168.102.200","mac_address":"fa:16:3e:aa:bb:01"}]""");
        port["dns_name"].Str().ShouldBe("db1");
        port["dns_assignment"]![0]!["fqdn"].Str().ShouldBe("db1.openstacklocal.");
        port["binding:host_id"].Str().ShouldBe("host-a");
        port["binding:profile"]!.ToJsonString().ShouldBe("""{"local_link_information":[{"port_id":"eth0"}]}""");
        port["extra_dhcp_opts"]!.ToJsonString().ShouldBe("""[{"opt_name":"bootfile-name","opt_value":"pxelinux.0","ip_version":4}]""");
        port["device_id"].Str().ShouldBe("an-instance");
        port["status"].Str().ShouldBe("ACTIVE", "a device holds it");
    }

    [Fact]
    public async Task neutrons_addressing_errors_are_answered_and_nothing_is_left_behind()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "ports-3", "192.168.103.0/29");
        var (otherNetwork, otherSubnet) = await app.Host.CreateNetworkWithSubnet(Demo, "ports-3b", "192.168.104.0/24");
        await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.103.3" } } });

        await (await app.Host.PostPort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.103.3" } } }))
            .ShouldBeNeutronError(409, "IpAddressAlreadyAllocated");
        await (await app.Host.PostPort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "10.9.9.9" } } }))
            .ShouldBeNeutronError(400, "InvalidIpForNetwork");
        await (await app.Host.PostPort(Demo, new { network_id = networkId, fixed_ips = new[] { new { subnet_id = subnetId, ip_address = "192.168.104.5" } } }))
            .ShouldBeNeutronError(400, "InvalidIpForSubnet");
        await (await app.Host.PostPort(Demo, new { network_id = networkId, fixed_ips = new[] { new { subnet_id = otherSubnet } } }))
            .ShouldBeNeutronError(400, "InvalidInput");
        await (await app.Host.PostPort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.103.1" } } }))
            .ShouldBeNeutronError(409, "IpAddressInUse");
        await (await app.Host.PostPort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.103.7" } } }))
            .ShouldBeNeutronError(400, "InvalidIpForSubnet");
        await (await app.Host.PostPort(Demo, new { network_id = Guid.NewGuid() })).ShouldBeNeutronError(404, "NetworkNotFound");
        await (await app.Host.PostPort(Demo, new { network_id = networkId, bogus = 1 })).ShouldBeNeutronError(400);
        await (await app.Host.PostPort(Demo, new { network_id = networkId, mac_address = "01:00:5e:00:00:01" })).ShouldBeNeutronError(400);

        // The /29 has .2 to .6: .3 is taken, four more fit, then the subnet is full.
        for (var i = 0; i < 4; i++) await app.Host.CreatePort(Demo, new { network_id = networkId });
        await (await app.Host.PostPort(Demo, new { network_id = networkId })).ShouldBeNeutronError(409, "IpAddressGenerationFailure");

        (await app.Host.ListPorts(Demo, $"?network_id={networkId}")).Count.ShouldBe(5);
        (await app.Host.ListPorts(Demo, $"?network_id={otherNetwork}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_mac_address_is_unique_among_live_ports_and_free_again_once_its_port_is_gone()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "ports-4", "192.168.105.0/24");
        var first = await app.Host.CreatePort(Demo, new { network_id = networkId, mac_address = "fa:16:3e:00:10:05" });

        await (await app.Host.PostPort(Demo, new { network_id = networkId, mac_address = "FA:16:3E:00:10:05" })).ShouldBeNeutronError(409, "MacAddressInUse");
        await (await app.Host.PostPort(TestAccount.Other, new { network_id = Scenarios.PublicNet, mac_address = "fa:16:3e:00:10:05" }))
            .ShouldBeNeutronError(409, "MacAddressInUse");

        (await app.Host.DeletePort(Demo, first["id"].Str())).Status().ShouldBe(204);
        (await app.Host.CreatePort(Demo, new { network_id = networkId, mac_address = "fa:16:3e:00:10:05" }))["mac_address"].Str().ShouldBe("fa:16:3e:00:10:05");
    }

    [Fact]
    public async Task an_update_changes_attributes_and_readdresses_the_port_as_neutron_reads_fixed_ips()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "ports-5", "192.168.106.0/24");
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.106.10" } } });
        var id = port["id"].Str();

        var updated = await app.Host.UpdatePort(Demo, id, new
        {
            name = "renamed",
            admin_state_up = false,
            fixed_ips = new object[] { new { ip_address = "192.168.106.10" }, new { subnet_id = subnetId, ip_address = "192.168.106.11" } },
        });

        updated["name"].Str().ShouldBe("renamed");
        updated["admin_state_up"]!.GetValue<bool>().ShouldBeFalse();
        updated.Addresses().ShouldBe(["192.168.106.10", "192.168.106.11"]);
        updated["revision_number"]!.GetValue<long>().ShouldBe(3, "two changes: the addresses and the attributes");

        var moved = await app.Host.UpdatePort(Demo, id, new { fixed_ips = new[] { new { ip_address = "192.168.106.11" } } });
        moved.Addresses().ShouldBe(["192.168.106.11"]);
        // .10 went back to IPAM: another port may take it now.
        (await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.106.10" } } }))
            .Addresses().ShouldBe(["192.168.106.10"]);

        await (await app.Host.PutPort(Demo, id, new { network_id = networkId })).ShouldBeNeutronError(400);
        await (await app.Host.PutPort(Demo, id, new { mac_address = "fa:16:3e:12:34:56" })).ShouldBeNeutronError(403, "PolicyNotAuthorized");
        var unchanged = await app.Host.UpdatePort(Demo, id, new { name = "renamed" });
        unchanged["revision_number"]!.GetValue<long>().ShouldBe(4, "a PUT that changes nothing records nothing");
    }

    [Fact]
    public async Task deleting_a_port_gives_its_addresses_back_and_answers_404_after()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "ports-6", "192.168.107.0/24");
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.107.20" } } });

        (await app.Host.DeletePort(Demo, port["id"].Str())).Status().ShouldBe(204);

        await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/ports/{port["id"].Str()}"))).ShouldBeNeutronError(404, "PortNotFound");
        await (await app.Host.DeletePort(Demo, port["id"].Str())).ShouldBeNeutronError(404, "PortNotFound");
        (await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = new[] { new { ip_address = "192.168.107.20" } } }))
            .Addresses().ShouldBe(["192.168.107.20"]);
    }

    [Fact]
    public async Task another_tenants_port_answers_as_a_missing_one()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "ports-7", "192.168.108.0/24");
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId });
        var id = port["id"].Str();

        await (await app.Host.As(TestAccount.Other, x => x.Get.Url($"/v2.0/ports/{id}"))).ShouldBeNeutronError(404, "PortNotFound");
        await (await app.Host.PutPort(TestAccount.Other, id, new { name = "x" })).ShouldBeNeutronError(404, "PortNotFound");
        await (await app.Host.DeletePort(TestAccount.Other, id)).ShouldBeNeutronError(404, "PortNotFound");
        (await app.Host.ListPorts(TestAccount.Other)).Ids().ShouldNotContain(id);
        await (await app.Host.PostPort(TestAccount.Other, new { network_id = networkId })).ShouldBeNeutronError(404, "NetworkNotFound");
    }

    [Fact]
    public async Task a_network_with_a_port_cannot_be_deleted()
    {
        var network = await app.Host.CreateNetwork(Demo, "ports-8");
        var port = await app.Host.CreatePort(Demo, new { network_id = network["id"].Str() });
        port["fixed_ips"]!.AsArray().ShouldBeEmpty("the network has no subnet");

        await (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/networks/{network["id"].Str()}"))).ShouldBeNeutronError(409, "NetworkInUse");
        (await app.Host.DeletePort(Demo, port["id"].Str())).Status().ShouldBe(204);
        (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/networks/{network["id"].Str()}"))).Status().ShouldBe(204);
    }

    [Fact]
    public async Task port_security_rules_are_neutrons()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "ports-9", "192.168.109.0/24");

        await (await app.Host.PostPort(Demo, new
        {
            network_id = networkId,
            port_security_enabled = false,
            allowed_address_pairs = new[] { new { ip_address = "10.0.0.1" } },
        })).ShouldBeNeutronError(409, "AddressPairAndPortSecurityRequired");
        var open = await app.Host.CreatePort(Demo, new { network_id = networkId, port_security_enabled = false });
        open["port_security_enabled"]!.GetValue<bool>().ShouldBeFalse();
        open["security_groups"]!.AsArray().ShouldBeEmpty();
    }
}
