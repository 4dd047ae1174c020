using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>Seed 002: <c>POST /v1/{project_id}/privateips</c>, a batch of auto-assigned and requested addresses.</summary>
public class when_assigning_private_ips(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task seed_002_a_batch_of_one_automatic_and_one_requested_address_answers_200_in_request_order()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "192.168.1.0/24", "seed-002");
        var body = $$"""
            {
              "privateips":
               [
                {
                    "subnet_id": "{{subnet}}"
                },
                {
                    "subnet_id": "{{subnet}}",
                     "ip_address": "192.168.1.17"
                }
               ]
            }
            """;

        var reply = await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{Demo.TenantId}/privateips", body);

        reply.Status.ShouldBe(200, reply.ToString());
        reply.ContentType.ShouldBe("application/json");
        reply.RequestId.ShouldNotBeNullOrWhiteSpace("the Huawei SDK reads X-Request-Id");
        reply.Json.AsObject().Select(p => p.Key).ShouldBe(["privateips"], reply.Body);
        var ips = reply.Json["privateips"]!.AsArray();
        ips.Count.ShouldBe(2);
        ips[0]!.ShouldBeUnboundPrivateIp(Demo, subnet);
        ips[1]!.ShouldBeUnboundPrivateIp(Demo, subnet, "192.168.1.17");
        var automatic = System.Net.IPAddress.Parse(ips[0]!["ip_address"].Str());
        new System.Net.IPNetwork(System.Net.IPAddress.Parse("192.168.1.0"), 24).Contains(automatic).ShouldBeTrue();
        automatic.ToString().ShouldNotBeOneOf("192.168.1.0", "192.168.1.1", "192.168.1.17", "192.168.1.255");
        ips.Ids().ShouldBeUnique();
    }

    [Fact]
    public async Task the_automatic_address_is_the_lowest_free_one_after_the_gateway()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.20.0.0/24");

        var ips = await app.Host.AssignOk(Demo, (subnet, null), (subnet, null), (subnet, null));

        ips.Addresses().ShouldBe(["10.20.0.2", "10.20.0.3", "10.20.0.4"]);
    }

    [Fact]
    public async Task a_requested_address_is_skipped_by_later_automatic_assignments()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.21.0.0/24");
        await app.Host.AssignOne(Demo, subnet, "10.21.0.3");

        var ips = await app.Host.AssignOk(Demo, (subnet, null), (subnet, null));

        ips.Addresses().ShouldBe(["10.21.0.2", "10.21.0.4"]);
    }

    [Fact]
    public async Task a_batch_whose_requested_address_comes_after_an_automatic_one_still_gets_it()
    {
        // The automatic item must not take the very address a later item of the same batch asks for.
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.22.0.0/24");

        var ips = await app.Host.AssignOk(Demo, (subnet, null), (subnet, "10.22.0.2"));

        ips[1]!["ip_address"].Str().ShouldBe("10.22.0.2");
        ips[0]!["ip_address"].Str().ShouldBe("10.22.0.3");
    }

    [Fact]
    public async Task automatic_items_step_over_every_address_the_batch_requests()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.25.0.0/24");

        var ips = await app.Host.AssignOk(Demo, (subnet, null), (subnet, null), (subnet, "10.25.0.2"), (subnet, "10.25.0.3"), (subnet, null));

        ips.Addresses().ShouldBe(["10.25.0.4", "10.25.0.5", "10.25.0.2", "10.25.0.3", "10.25.0.6"]);
        (await app.Host.ListOk(Demo, subnet)).Ids().ShouldBe(ips.Ids());
        (await app.Host.AssignOne(Demo, subnet))["ip_address"].Str().ShouldBe("10.25.0.7", "no address of the batch is handed out twice");
    }

    [Fact]
    public async Task a_released_address_that_the_batch_requests_goes_to_the_item_that_asks_for_it()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.26.0.0/24");
        var first = await app.Host.AssignOk(Demo, (subnet, null), (subnet, null), (subnet, null));
        (await app.Host.DeletePrivateIp(Demo, first[1]!["id"].Str())).Status.ShouldBe(204);

        var ips = await app.Host.AssignOk(Demo, (subnet, null), (subnet, "10.26.0.3"));

        ips.Addresses().ShouldBe(["10.26.0.5", "10.26.0.3"]);
        (await app.Host.ListOk(Demo, subnet)).Addresses().Order().ShouldBe(["10.26.0.2", "10.26.0.3", "10.26.0.4", "10.26.0.5"]);
    }

    [Fact]
    public async Task a_batch_may_span_several_subnets_and_keeps_request_order()
    {
        var first = await app.Host.CreateVpcSubnet(Demo, "10.23.1.0/24", "first");
        var second = await app.Host.CreateVpcSubnet(Demo, "10.23.2.0/24", "second");

        var ips = await app.Host.AssignOk(Demo, (second, null), (first, "10.23.1.50"), (second, "10.23.2.9"), (first, null));

        ips.Select(i => i!["subnet_id"].Str()).ShouldBe([second, first, second, first]);
        ips.Addresses().ShouldBe(["10.23.2.2", "10.23.1.50", "10.23.2.9", "10.23.1.2"]);
        (await app.Host.ListOk(Demo, first)).Addresses().Order().ShouldBe(["10.23.1.2", "10.23.1.50"]);
        (await app.Host.ListOk(Demo, second)).Addresses().Order().ShouldBe(["10.23.2.2", "10.23.2.9"]);
    }

    [Fact]
    public async Task a_network_made_through_v2_0_networks_and_subnets_is_a_vpc_subnet_too()
    {
        var network = await app.Host.As(Demo, x => x.Post.Json(new { network = new { name = "neutron-made" } }).ToUrl("/v2.0/networks"));
        network.Status().ShouldBe(201, await network.ReadAsTextAsync());
        var networkId = (await network.Json())["network"]!["id"].Str();
        var subnet = await app.Host.As(Demo, x => x.Post.Json(new { subnet = new { network_id = networkId, cidr = "172.16.5.0/24", ip_version = 4 } })
            .ToUrl("/v2.0/subnets"));
        subnet.Status().ShouldBe(201, await subnet.ReadAsTextAsync());

        var ip = await app.Host.AssignOne(Demo, networkId, "172.16.5.40");

        ip.ShouldBeUnboundPrivateIp(Demo, networkId, "172.16.5.40");
    }

    [Fact]
    public async Task an_ipv6_address_can_be_requested_on_a_dual_stack_network()
    {
        var network = await app.Host.As(Demo, x => x.Post.Json(new { network = new { name = "dual" } }).ToUrl("/v2.0/networks"));
        var networkId = (await network.Json())["network"]!["id"].Str();
        (await app.Host.As(Demo, x => x.Post.Json(new { subnet = new { network_id = networkId, cidr = "2001:db8:77::/64", ip_version = 6 } })
            .ToUrl("/v2.0/subnets"))).Status().ShouldBe(201);
        (await app.Host.As(Demo, x => x.Post.Json(new { subnet = new { network_id = networkId, cidr = "10.24.0.0/24", ip_version = 4 } })
            .ToUrl("/v2.0/subnets"))).Status().ShouldBe(201);

        var ips = await app.Host.AssignOk(Demo, (networkId, "2001:db8:77::10"), (networkId, null));

        ips[0]!["ip_address"].Str().ShouldBe("2001:db8:77::10");
        ips[1]!["ip_address"].Str().ShouldStartWith("10.24.0.", customMessage: "an automatic address comes from the IPv4 subnet");
    }
}
