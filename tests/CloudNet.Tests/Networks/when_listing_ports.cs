using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary>Neutron's view of the servers' ports: the same attachments os-virtual-interfacesv2 shows.</summary>
public class when_listing_ports(AppFixture app) : IClassFixture<AppFixture>
{
    async Task<JsonArray> Ports(TestAccount account, string query = "")
    {
        var result = await app.Host.As(account, x => x.Get.Url("/v2.0/ports" + query));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["ports"]!.AsArray();
    }

    [Fact]
    public async Task a_servers_ports_are_listed_with_their_fixed_ips_and_filters_apply()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "ported", "192.168.70.0/24");
        var server = await app.Host.CreateServer(TestAccount.Demo, "ported", new object[]
        {
            new { uuid = networkId }, new { uuid = "11111111-1111-1111-1111-111111111111" },
        });
        var serverId = server["id"].Str();

        var ports = await Ports(TestAccount.Demo, $"?device_id={serverId}");
        ports.Count.ShouldBe(2);
        var port = ports.Single(p => p!["network_id"].Str() == networkId)!;
        port.Keys().Order().ShouldBe(["admin_state_up", "allowed_address_pairs", "binding:host_id", "binding:profile", "binding:vif_details",
            "binding:vif_type", "binding:vnic_type", "created_at", "description", "device_id", "device_owner", "dns_assignment", "dns_domain",
            "dns_name", "extra_dhcp_opts", "fixed_ips", "id", "ip_allocation", "mac_address", "name", "network_id", "port_security_enabled",
            "project_id", "propagate_uplink_status", "qos_network_policy_id", "qos_policy_id", "resource_request", "revision_number",
            "security_groups", "status", "tags", "tenant_id", "updated_at"]);
        port["device_id"].Str().ShouldBe(serverId);
        port["status"].Str().ShouldBe("ACTIVE");
        port["tenant_id"].Str().ShouldBe(TestAccount.Demo.TenantId);
        port["mac_address"].Str().ShouldMatch("^fa:16:3e(:[0-9a-f]{2}){3}$", "Neutron writes MACs in lower case");
        port["device_owner"].Str().ShouldBe("compute:nova");
        var fixedIp = port["fixed_ips"]!.AsArray().Single()!;
        (fixedIp["subnet_id"].Str(), fixedIp["ip_address"].Str()).ShouldBe((subnetId, "192.168.70.2"));

        (await Ports(TestAccount.Demo, $"?network_id={networkId}")).Ids().ShouldBe([port["id"].Str()]);
        var shown = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/ports/{port["id"].Str()}"));
        (await shown.Json())["port"]!["id"].Str().ShouldBe(port["id"].Str());

        // The same attachment, seen as a Rackspace virtual interface.
        var vifs = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/servers/{serverId}/os-virtual-interfacesv2"));
        (await vifs.Json())["virtual_interfaces"]!.AsArray().Select(v => v!["id"].Str()).ShouldContain(port["id"].Str());
    }

    [Fact]
    public async Task another_tenants_ports_are_neither_listed_nor_shown()
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "private-ports");
        var portId = (await Ports(TestAccount.Demo, $"?device_id={server["id"].Str()}"))[0]!["id"].Str();

        (await Ports(TestAccount.Other)).Ids().ShouldNotContain(portId);
        var shown = await app.Host.SendRaw(TestAccount.Other, "GET", $"/v2.0/ports/{portId}");
        shown.ShouldBeNeutronError(404, "PortNotFound");
        (await app.Host.SendRaw(TestAccount.Demo, "GET", "/v2.0/ports/not-a-uuid")).ShouldBeNeutronError(404, "PortNotFound");
    }
}
