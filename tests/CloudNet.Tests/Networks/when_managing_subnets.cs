using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary><c>/v2.0/subnets</c>, field by field against Neutron's subnet, and what servers get from them.
/// Each test takes a network of its own, so CIDRs never meet across tests.</summary>
public class when_managing_subnets(AppFixture app) : IClassFixture<AppFixture>
{
    async Task<string> Network(string name = "subnetted") => (await app.Host.CreateNetwork(TestAccount.Demo, name))["id"].Str();

    static List<(string Start, string End)> Pools(JsonNode subnet) =>
        subnet["allocation_pools"]!.AsArray().Select(p => (p!["start"].Str(), p["end"].Str())).ToList();

    [Fact]
    public async Task create_answers_201_with_neutrons_subnet()
    {
        var networkId = await Network();

        var result = await app.Host.PostSubnet(TestAccount.Demo, new { network_id = networkId, cidr = "192.168.10.0/24", ip_version = 4, name = "lan" });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        result.Header("X-Openstack-Request-Id").ShouldNotBeNullOrWhiteSpace();
        var body = await result.Json();
        body.Keys().ShouldBe(["subnet"]);
        var subnet = body["subnet"]!;
        Guid.TryParse(subnet["id"].Str(), out _).ShouldBeTrue();
        subnet["network_id"].Str().ShouldBe(networkId);
        subnet["ip_version"]!.GetValueKind().ShouldBe(JsonValueKind.Number);
        subnet["ip_version"]!.GetValue<int>().ShouldBe(4);
        subnet["cidr"].Str().ShouldBe("192.168.10.0/24");
        subnet["gateway_ip"].Str().ShouldBe("192.168.10.1");
        Pools(subnet).ShouldBe([("192.168.10.2", "192.168.10.254")]);
        subnet["tenant_id"].Str().ShouldBe(TestAccount.Demo.TenantId);
        subnet["project_id"].Str().ShouldBe(TestAccount.Demo.TenantId);
        subnet["name"].Str().ShouldBe("lan");

        var network = (await app.Host.ListNetworks(TestAccount.Demo, $"?id={networkId}")).Single()!;
        network["subnets"]!.AsArray().Select(s => s.Str()).ShouldBe([subnet["id"].Str()]);
    }

    [Theory]
    [InlineData(4)]
    [InlineData("4")]
    public async Task ip_version_may_be_a_number_or_a_string(object version)
    {
        var networkId = await Network();

        var result = await app.Host.PostSubnet(TestAccount.Demo, new { network_id = networkId, cidr = "192.168.11.0/24", ip_version = version });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        (await result.Json())["subnet"]!["ip_version"]!.GetValue<int>().ShouldBe(4);
    }

    [Fact]
    public async Task without_a_name_the_name_is_empty()
    {
        var networkId = await Network();

        var subnet = await app.Host.CreateSubnet(TestAccount.Demo, networkId, "192.168.12.0/24");

        subnet["name"].Str().ShouldBe("");
    }

    [Fact]
    public async Task an_explicit_gateway_splits_the_pools_around_it()
    {
        var networkId = await Network();

        var result = await app.Host.PostSubnet(TestAccount.Demo,
            new { network_id = networkId, cidr = "192.168.13.0/24", ip_version = 4, gateway_ip = "192.168.13.100" });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        var subnet = (await result.Json())["subnet"]!;
        subnet["gateway_ip"].Str().ShouldBe("192.168.13.100");
        Pools(subnet).ShouldBe([("192.168.13.1", "192.168.13.99"), ("192.168.13.101", "192.168.13.254")]);
    }

    [Fact]
    public async Task a_gateway_on_the_last_usable_address_leaves_one_pool_before_it()
    {
        var networkId = await Network();

        var result = await app.Host.PostSubnet(TestAccount.Demo,
            new { network_id = networkId, cidr = "192.168.14.0/24", ip_version = 4, gateway_ip = "192.168.14.254" });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        Pools((await result.Json())["subnet"]!).ShouldBe([("192.168.14.1", "192.168.14.253")]);
    }

    [Fact]
    public async Task a_null_gateway_means_no_gateway_and_the_pool_covers_every_usable_address()
    {
        var networkId = await Network();

        var result = await app.Host.PostSubnet(TestAccount.Demo,
            new Dictionary<string, object?> { ["network_id"] = networkId, ["cidr"] = "192.168.15.0/24", ["ip_version"] = 4, ["gateway_ip"] = null });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        var subnet = (await result.Json())["subnet"]!;
        subnet.AsObject().ContainsKey("gateway_ip").ShouldBeTrue();
        subnet["gateway_ip"].ShouldBeNull();
        Pools(subnet).ShouldBe([("192.168.15.1", "192.168.15.254")]);

        var shown = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/subnets/{subnet["id"].Str()}"));
        (await shown.Json())["subnet"]!["gateway_ip"].ShouldBeNull();
    }

    [Fact]
    public async Task an_ipv6_subnet_defaults_its_gateway_to_the_first_address_and_pools_the_rest_of_the_block()
    {
        var networkId = await Network();

        var subnet = await app.Host.CreateSubnet(TestAccount.Demo, networkId, "2001:db8:16::/64", ipVersion: 6);

        subnet["ip_version"]!.GetValue<int>().ShouldBe(6);
        subnet["cidr"].Str().ShouldBe("2001:db8:16::/64");
        subnet["gateway_ip"].Str().ShouldBe("2001:db8:16::1");
        Pools(subnet).ShouldBe([("2001:db8:16::2", "2001:db8:16:0:ffff:ffff:ffff:ffff")]);
    }

    [Fact]
    public async Task an_ipv6_gateway_high_in_a_64_is_accepted()
    {
        var networkId = await Network();

        var result = await app.Host.PostSubnet(TestAccount.Demo,
            new { network_id = networkId, cidr = "2001:db8:17::/64", ip_version = 6, gateway_ip = "2001:db8:17::ffff:ffff:ffff:fffe" });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        var subnet = (await result.Json())["subnet"]!;
        subnet["gateway_ip"].Str().ShouldBe("2001:db8:17:0:ffff:ffff:ffff:fffe", "canonical form (RFC 5952)");
        Pools(subnet).ShouldBe([("2001:db8:17::1", "2001:db8:17:0:ffff:ffff:ffff:fffd"), ("2001:db8:17:0:ffff:ffff:ffff:ffff", "2001:db8:17:0:ffff:ffff:ffff:ffff")]);
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task an_ipv4_and_an_ipv6_subnet_live_side_by_side_on_one_network()
    {
        var networkId = await Network();

        var v4 = await app.Host.CreateSubnet(TestAccount.Demo, networkId, "192.168.18.0/24");
        var v6 = await app.Host.CreateSubnet(TestAccount.Demo, networkId, "2001:db8:18::/64", ipVersion: 6);

        var listed = await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}");
        listed.Ids().Order().ShouldBe(new[] { v4["id"].Str(), v6["id"].Str() }.Order());
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}&ip_version=6")).Ids().ShouldBe([v6["id"].Str()]);
    }

    [Theory]
    [InlineData("not-a-cidr", null)]
    [InlineData("192.168.20.0", null)]
    [InlineData("192.168.20.0/33", null)]
    [InlineData("192.168.20.5/24", null)]
    [InlineData("192.168.020.0/24", null)]
    [InlineData("2001:db8:20::1/64", null)]
    [InlineData("192.168.20.0/24", 6)]
    [InlineData("2001:db8:20::/64", 4)]
    [InlineData("192.168.20.0/24", 5)]
    [InlineData("192.168.20.0/32", null)]
    [InlineData("2001:db8:20::/128", 6)]
    [InlineData("", null)]
    public async Task a_bad_cidr_or_version_is_400_in_neutron_format(string cidr, int? version)
    {
        var networkId = await Network();

        var result = await app.Host.PostSubnet(TestAccount.Demo, new { network_id = networkId, cidr, ip_version = version });

        await result.ShouldBeNeutronError(400, "InvalidInput", "BadRequest");
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}")).Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.21.0")]
    [InlineData("192.168.21.255")]
    [InlineData("not-an-address")]
    [InlineData("192.168.21.01")]
    [InlineData("2001:db8::1")]
    [InlineData("")]
    public async Task a_gateway_outside_the_block_or_reserved_is_400(string gateway)
    {
        var networkId = await Network();

        var result = await app.Host.PostSubnet(TestAccount.Demo,
            new { network_id = networkId, cidr = "192.168.21.0/24", ip_version = 4, gateway_ip = gateway });

        await result.ShouldBeNeutronError(400, "InvalidInput", "BadRequest");
    }

    [Theory]
    [InlineData("""{"subnet":{"network_id":"{net}","cidr":"192.168.22.0/24","gateway_ip":5}}""")]
    [InlineData("""{"subnet":{"network_id":"{net}","cidr":"192.168.22.0/24","gateway_ip":{}}}""")]
    [InlineData("""{"subnet":{"network_id":"{net}","cidr":5}}""")]
    [InlineData("""{"subnet":{"network_id":"{net}","cidr":"192.168.22.0/24","ip_version":true}}""")]
    [InlineData("""{"subnet":{"network_id":"{net}","cidr":"192.168.22.0/24","name":7}}""")]
    [InlineData("""{"subnet":{"cidr":"192.168.22.0/24"}}""")]
    [InlineData("""{"subnet":{"network_id":5,"cidr":"192.168.22.0/24"}}""")]
    [InlineData("""{"subnet":"192.168.22.0/24"}""")]
    [InlineData("""{"subnet":null}""")]
    [InlineData("""{"cidr":"192.168.22.0/24"}""")]
    [InlineData("""{"subnet":{"network_id":"{net}","cidr":"192.168.22.0/24"}""")]
    [InlineData("[]")]
    public async Task a_body_of_the_wrong_shape_is_400(string body)
    {
        var networkId = await Network();

        var reply = await app.Host.SendRaw(TestAccount.Demo, "POST", "/v2.0/subnets", body.Replace("{net}", networkId));

        reply.ShouldBeNeutronError(400, "InvalidInput", "BadRequest");
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}")).Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("192.168.23.0/24")]
    [InlineData("192.168.23.128/25")]
    [InlineData("192.168.0.0/16")]
    [InlineData("192.168.23.64/26")]
    public async Task a_subnet_overlapping_another_of_the_network_is_400(string cidr)
    {
        var networkId = await Network();
        await app.Host.CreateSubnet(TestAccount.Demo, networkId, "192.168.23.0/24");

        var result = await app.Host.PostSubnet(TestAccount.Demo, new { network_id = networkId, cidr, ip_version = 4 });

        (await result.ShouldBeNeutronError(400, "InvalidInput", "BadRequest")).ShouldContain("overlaps");
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_same_cidr_on_two_networks_is_fine()
    {
        var first = await Network("first");
        var second = await Network("second");

        await app.Host.CreateSubnet(TestAccount.Demo, first, "192.168.24.0/24");
        await app.Host.CreateSubnet(TestAccount.Demo, second, "192.168.24.0/24");
    }

    [Fact]
    public async Task a_subnet_on_an_unknown_or_another_tenants_network_is_404_network_not_found()
    {
        var theirs = (await app.Host.CreateNetwork(TestAccount.Other, "theirs"))["id"].Str();

        var foreign = await app.Host.PostSubnet(TestAccount.Demo, new { network_id = theirs, cidr = "192.168.25.0/24", ip_version = 4 });
        var unknown = await app.Host.PostSubnet(TestAccount.Demo, new { network_id = Guid.NewGuid().ToString(), cidr = "192.168.25.0/24", ip_version = 4 });
        var notUuid = await app.Host.PostSubnet(TestAccount.Demo, new { network_id = "net-1", cidr = "192.168.25.0/24", ip_version = 4 });

        (await foreign.ShouldBeNeutronError(404, "NetworkNotFound")).ShouldContain(theirs);
        await unknown.ShouldBeNeutronError(404, "NetworkNotFound");
        (await notUuid.ShouldBeNeutronError(404, "NetworkNotFound")).ShouldContain("net-1");
        (await app.Host.ListSubnets(TestAccount.Other, $"?network_id={theirs}")).Count.ShouldBe(0);
    }

    [Theory]
    [InlineData(Scenarios.PublicNet)]
    [InlineData(Scenarios.ServiceNet)]
    public async Task a_subnet_on_a_well_known_network_is_403(string networkId)
    {
        var before = (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}")).Count;

        var result = await app.Host.PostSubnet(TestAccount.Demo, new { network_id = networkId, cidr = "172.16.0.0/24", ip_version = 4 });

        await result.ShouldBeNeutronError(403, "PolicyNotAuthorized");
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}")).Count.ShouldBe(before);
    }

    [Fact]
    public async Task the_list_filters_by_network_and_never_shows_another_tenants_subnets()
    {
        var (mineA, subnetA) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "list-a", "192.168.26.0/24");
        var (_, subnetB) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "list-b", "192.168.27.0/24");
        var (theirs, theirSubnet) = await app.Host.CreateNetworkWithSubnet(TestAccount.Other, "list-theirs", "192.168.26.0/24");

        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={mineA}")).Ids().ShouldBe([subnetA]);
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={theirs}")).Count.ShouldBe(0);
        (await app.Host.ListSubnets(TestAccount.Demo, $"?id={subnetB}")).Ids().ShouldBe([subnetB]);
        var all = (await app.Host.ListSubnets(TestAccount.Demo)).Ids();
        all.ShouldContain(subnetA);
        all.ShouldContain(subnetB);
        all.ShouldNotContain(theirSubnet);
        (await app.Host.ListSubnets(TestAccount.Other)).Ids().ShouldContain(theirSubnet);
    }

    [Fact]
    public async Task show_answers_the_subnet_as_listed()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "show", "192.168.28.0/24");

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/subnets/{subnetId}"));

        result.Status().ShouldBe(200);
        var subnet = (await result.Json())["subnet"]!;
        subnet["id"].Str().ShouldBe(subnetId);
        subnet["network_id"].Str().ShouldBe(networkId);
        subnet["cidr"].Str().ShouldBe("192.168.28.0/24");
        subnet.ToJsonString().ShouldBe((await app.Host.ListSubnets(TestAccount.Demo, $"?id={subnetId}")).Single()!.ToJsonString());
    }

    [Fact]
    public async Task a_well_known_subnet_can_be_shown_by_any_tenant()
    {
        var subnetId = (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={Scenarios.ServiceNet}")).Ids().Single();

        var result = await app.Host.As(TestAccount.Other, x => x.Get.Url($"/v2.0/subnets/{subnetId}"));

        result.Status().ShouldBe(200);
        var subnet = (await result.Json())["subnet"]!;
        subnet["cidr"].Str().ShouldBe("10.176.0.0/16");
        subnet["gateway_ip"].Str().ShouldBe("10.176.0.1");
        Pools(subnet).ShouldBe([("10.176.0.2", "10.176.255.254")]);
    }

    [Fact]
    public async Task show_of_an_unknown_or_another_tenants_subnet_is_404_subnet_not_found()
    {
        var (_, theirs) = await app.Host.CreateNetworkWithSubnet(TestAccount.Other, "hidden", "192.168.29.0/24");

        foreach (var id in new[] { theirs, Guid.NewGuid().ToString(), "not-a-uuid" })
        {
            var show = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/subnets/{id}"));
            (await show.ShouldBeNeutronError(404, "SubnetNotFound")).ShouldContain(id);
            var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/subnets/{id}"));
            await delete.ShouldBeNeutronError(404, "SubnetNotFound");
        }
        (await app.Host.ListSubnets(TestAccount.Other)).Ids().ShouldContain(theirs);
    }

    [Fact]
    public async Task delete_answers_204_and_the_subnet_is_gone_from_its_network()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "shrinking", "192.168.30.0/24");

        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/subnets/{subnetId}"));

        delete.Status().ShouldBe(204);
        (await delete.ReadAsTextAsync()).ShouldBeEmpty();
        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/subnets/{subnetId}"))).ShouldBeNeutronError(404, "SubnetNotFound");
        (await app.Host.ListNetworks(TestAccount.Demo, $"?id={networkId}")).Single()!["subnets"]!.AsArray().Count.ShouldBe(0);
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}")).Count.ShouldBe(0);

        await app.Host.CreateSubnet(TestAccount.Demo, networkId, "192.168.30.0/24");
    }

    [Fact]
    public async Task deleting_a_well_known_subnet_is_403()
    {
        var subnetId = (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={Scenarios.PublicNet}")).Ids().First();

        var result = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/subnets/{subnetId}"));

        await result.ShouldBeNeutronError(403, "PolicyNotAuthorized");
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={Scenarios.PublicNet}")).Ids().ShouldContain(subnetId);
    }

    [Fact]
    public async Task a_server_on_the_network_gets_the_first_usable_non_gateway_address_under_the_networks_label()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "app-tier", "192.168.31.0/24");

        var first = await app.Host.CreateServer(TestAccount.Demo, "first", new[] { new { uuid = networkId } });
        var second = await app.Host.CreateServer(TestAccount.Demo, "second", new[] { new { uuid = networkId } });

        first["addresses"]!.AsObject().Select(p => p.Key).ShouldBe(["app-tier"]);
        first.AddressEntries().ShouldBe([("app-tier", "192.168.31.2", 4, "fixed")]);
        second.AddressEntries().ShouldBe([("app-tier", "192.168.31.3", 4, "fixed")]);
    }

    [Fact]
    public async Task without_a_gateway_a_server_gets_the_first_address_of_the_block()
    {
        var networkId = await Network("gatewayless");
        (await app.Host.PostSubnet(TestAccount.Demo, new Dictionary<string, object?>
            { ["network_id"] = networkId, ["cidr"] = "192.168.32.0/24", ["ip_version"] = 4, ["gateway_ip"] = null })).Status().ShouldBe(201);

        var server = await app.Host.CreateServer(TestAccount.Demo, "gw-less", new[] { new { uuid = networkId } });

        server.AddressEntries().ShouldBe([("gatewayless", "192.168.32.1", 4, "fixed")]);
    }

    [Fact]
    public async Task a_server_on_a_dual_stack_network_gets_one_address_of_each_subnet()
    {
        var networkId = await Network("dual");
        await app.Host.CreateSubnet(TestAccount.Demo, networkId, "192.168.33.0/24");
        await app.Host.CreateSubnet(TestAccount.Demo, networkId, "2001:db8:33::/64", ipVersion: 6);

        var server = await app.Host.CreateServer(TestAccount.Demo, "dual", new[] { new { uuid = networkId } });

        server.AddressEntries().OrderBy(e => e.Version).ShouldBe([("dual", "192.168.33.2", 4, "fixed"), ("dual", "2001:db8:33::2", 6, "fixed")]);
    }

    [Fact]
    public async Task a_requested_fixed_ip_on_a_tenant_subnet_is_honoured_and_the_gateway_is_refused()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "pinned", "192.168.34.0/24");

        var server = await app.Host.CreateServer(TestAccount.Demo, "pinned", new[] { new { uuid = networkId, fixed_ip = "192.168.34.77" } });
        var gateway = await app.Host.As(TestAccount.Demo, x => x.Post
            .Json(new { server = new { name = "on-gw", imageRef = "i", flavorRef = "f", networks = new[] { new { uuid = networkId, fixed_ip = "192.168.34.1" } } } })
            .ToUrl("/servers"));

        server.AddressEntries().ShouldBe([("pinned", "192.168.34.77", 4, "fixed")]);
        await gateway.ShouldBeNovaFault(400, "badRequest");
    }

    [Fact]
    public async Task delete_while_a_server_holds_an_address_is_409_subnet_in_use_until_the_server_goes()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "held", "192.168.35.0/24");
        var server = await app.Host.CreateServer(TestAccount.Demo, "holder", new[] { new { uuid = networkId } });

        var refused = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/subnets/{subnetId}"));

        (await refused.ShouldBeNeutronError(409, "SubnetInUse")).ShouldContain(subnetId);
        (await app.Host.ListSubnets(TestAccount.Demo, $"?id={subnetId}")).Count.ShouldBe(1);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{server["id"].Str()}"))).Status().ShouldBe(204);
        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/subnets/{subnetId}"));
        delete.Status().ShouldBe(204, await delete.ReadAsTextAsync());
    }

    [Fact]
    public async Task a_small_subnet_runs_out_with_a_409_on_server_create()
    {
        // A /30 has two usable addresses; the gateway takes one.
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "tiny", "192.168.36.0/30");
        var server = await app.Host.CreateServer(TestAccount.Demo, "only", new[] { new { uuid = networkId } });

        var result = await app.Host.As(TestAccount.Demo, x => x.Post
            .Json(new { server = new { name = "one-too-many", imageRef = "i", flavorRef = "f", networks = new[] { new { uuid = networkId } } } })
            .ToUrl("/servers"));

        server.AddressEntries().ShouldBe([("tiny", "192.168.36.2", 4, "fixed")]);
        await result.ShouldBeNovaFault(409, "conflictingRequest");
    }
}
