using System.Text.Json.Nodes;
using CloudNet.Tests.History;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Networks.Routers;
using CloudNet.Tests.Networks.SecurityGroups;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Tenants;

/// <summary>
/// Routers and security groups through the admin API: a reset ends them (their interfaces' ports, the gateway's address given
/// back to the pool, the default group with the rest) and the project gets a new default group on its next use; a fork holds
/// copies of them, its router with a gateway address of its own and its interface on the fork's subnet, its ports in the fork's
/// own default group.
/// </summary>
public class when_tenants_hold_routers_and_security_groups(RoomyTenants app) : IClassFixture<RoomyTenants>
{
    [Fact]
    public async Task a_reset_ends_the_routers_and_groups_and_gives_the_gateway_address_back()
    {
        var tenant = await app.Host.NewTenant("routers-reset");
        var (_, _, routerId) = await app.Host.RoutedNetwork(tenant, "reset-net", "10.41.0.0/24");
        var gateway = (await app.Host.ShowRouter(tenant, routerId))["external_gateway_info"]!["external_fixed_ips"]![0]!["ip_address"].Str();
        var group = await app.Host.CreateSecurityGroup(tenant, "reset-web");
        var defaultId = (await app.Host.DefaultGroup(tenant))["id"].Str();

        var reset = await app.Host.Reset(tenant.TenantId);

        (reset["routers"]!.GetValue<int>(), reset["security_groups"]!.GetValue<int>()).ShouldBe((1, 2));
        (await (await app.Host.As(tenant, x => x.Get.Url("/v2.0/routers"))).Json())["routers"]!.AsArray().ShouldBeEmpty();
        (await app.Host.ListSecurityGroups(tenant)).ShouldBeEmpty();
        (await app.Host.EventsOf(tenant, "routers", routerId)).Select(e => e!["type"].Str())
            .ShouldBe(["router_created", "router_interface_added", "router_interface_removed", "router_deleted"]);
        (await app.Host.EventsOf(tenant, "security-groups", group["id"].Str()))[^1]!["type"].Str().ShouldBe("security_group_deleted");
        // The gateway's address is free for anyone again, and the project's next use makes its default group again, in its stream.
        (await app.Host.CreateFloatingIp(tenant, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, floating_ip_address = gateway }))
            ["floating_ip_address"].Str().ShouldBe(gateway);
        await app.Host.CreateNetwork(tenant, "after-reset");
        (await app.Host.DefaultGroup(tenant))["id"].Str().ShouldBe(defaultId);
        (await app.Host.EventsOf(tenant, "security-groups", defaultId)).Select(e => e!["type"].Str())
            .ShouldBe(["security_group_created", "security_group_deleted", "security_group_created"]);
        var quota = await (await app.Host.As(tenant, x => x.Get.Url($"/v2.0/quotas/{tenant.TenantId}/details"))).Json();
        (quota["quota"]!["router"]!["used"]!.GetValue<int>(), quota["quota"]!["security_group"]!["used"]!.GetValue<int>(),
            quota["quota"]!["security_group_rule"]!["used"]!.GetValue<int>()).ShouldBe((0, 1, 4));
    }

    [Fact]
    public async Task a_fork_holds_its_own_router_gateway_interface_and_groups()
    {
        var original = await app.Host.NewTenant("routers-original");
        var (networkId, subnetId, routerId) = await app.Host.RoutedNetwork(original, "fork-net", "10.42.0.0/24");
        var web = await app.Host.CreateSecurityGroup(original, "fork-web");
        await app.Host.CreateRule(original, new { security_group_id = web["id"].Str(), direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 80 });
        var port = await app.Host.CreatePort(original, new { network_id = networkId });
        var gateway = (await app.Host.ShowRouter(original, routerId))["external_gateway_info"]!["external_fixed_ips"]![0]!["ip_address"].Str();

        var forked = await app.Host.As(TestAccount.Admin, x => x.Post.Json(new { at = DateTimeOffset.UtcNow.AddSeconds(1).ToString("O") })
            .ToUrl($"/_cloudnet/tenants/{original.TenantId}/fork"));
        var answer = JsonNode.Parse(await forked.ReadAsTextAsync())!;
        forked.Status().ShouldBe(201, answer.ToJsonString());
        var credentials = answer["credentials"]!;
        var fork = new TestAccount(credentials["user"].Str(), credentials["password"].Str(), credentials["api_key"].Str(), credentials["project_id"].Str());

        var routers = (await (await app.Host.As(fork, x => x.Get.Url("/v2.0/routers"))).Json())["routers"]!.AsArray();
        var router = routers.ShouldHaveSingleItem()!;
        router["id"].Str().ShouldNotBe(routerId);
        var forkGateway = router["external_gateway_info"]!["external_fixed_ips"]![0]!["ip_address"].Str();
        forkGateway.ShouldNotBe(gateway, "the original still holds its address: the fork's gateway has another one");
        answer["fork"]!["readdressed"]![gateway].Str().ShouldBe(forkGateway);
        var forkSubnet = (await app.Host.ListSubnets(fork, $"?tenant_id={fork.TenantId}")).ShouldHaveSingleItem()!;
        forkSubnet["gateway_ip"].Str().ShouldBe("10.42.0.1");
        forkSubnet["id"].Str().ShouldNotBe(subnetId);
        var plugged = (await app.Host.ListPorts(fork, $"?device_id={router["id"].Str()}")).ShouldHaveSingleItem()!;
        (plugged["fixed_ips"]![0]!["subnet_id"].Str(), plugged["fixed_ips"]![0]!["ip_address"].Str()).ShouldBe((forkSubnet["id"].Str(), "10.42.0.1"));

        var groups = await app.Host.ListSecurityGroups(fork);
        groups.Select(g => g!["name"].Str()).Order().ShouldBe(["default", "fork-web"]);
        var forkDefault = groups.Single(g => g!["name"].Str() == "default")!;
        forkDefault["security_group_rules"]!.AsArray().Where(r => r!["remote_group_id"] is not null)
            .ShouldAllBe(r => r!["remote_group_id"].Str() == forkDefault["id"].Str(), "the default group's own rules name the fork's copy");
        var forkPort = (await app.Host.ListPorts(fork, "?device_owner=")).Single(p => p!["id"].Str() != port["id"].Str())!;
        forkPort["security_groups"]!.ToJsonString().ShouldBe($"""["{forkDefault["id"].Str()}"]""");

        // The fork goes on alone: a floating IP reaches its port through its router; the original's router is untouched.
        var ip = await app.Host.CreateFloatingIp(fork, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, port_id = forkPort["id"].Str() });
        ip["router_id"].Str().ShouldBe(router["id"].Str());
        (await app.Host.ShowRouter(original, routerId))["external_gateway_info"]!["external_fixed_ips"]![0]!["ip_address"].Str().ShouldBe(gateway);
    }
}
