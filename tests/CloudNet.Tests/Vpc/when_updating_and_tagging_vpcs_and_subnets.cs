using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>Huawei's updates, tags, quotas and IP availability on VPCs and subnets, and the v3 API over the same VPCs.</summary>
public class when_updating_and_tagging_vpcs_and_subnets(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly string P = Demo.TenantId;

    [Fact]
    public async Task a_vpc_update_is_stored_and_v3_reads_updates_lists_and_deletes_the_same_vpc()
    {
        var vpc = await app.Host.NewVpc(Demo, "10.61.0.0/16", "before");
        await app.Host.NewHuaweiSubnet(Demo, vpc, "10.61.1.0/24", "10.61.1.1");
        var updated = await app.Host.Send(Demo, HttpMethod.Put, $"/v1/{P}/vpcs/{vpc}",
            """{"vpc":{"name":"after","description":"changed","cidr":"10.61.0.0/17"}}""");
        updated.Status.ShouldBe(200, updated.ToString());
        updated.Json["vpc"]!["name"].Str().ShouldBe("after");
        (await app.Host.Send(Demo, HttpMethod.Put, $"/v1/{P}/vpcs/{vpc}", """{"vpc":{"cidr":"10.62.0.0/16"}}""")).ShouldBeHuaweiError(400, "VPC.0117");

        var v3 = await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/vpcs/{vpc}");
        v3.Status.ShouldBe(200, v3.ToString());
        v3.Json["request_id"].Str().ShouldStartWith("req-");
        var shown = v3.Json["vpc"]!;
        (shown["name"].Str(), shown["description"].Str(), shown["cidr"].Str(), shown["status"].Str(), shown["project_id"].Str())
            .ShouldBe(("after", "changed", "10.61.0.0/17", "ACTIVE", P));
        shown["cloud_resources"]!.AsArray().Single(r => r!["resource_type"].Str() == "virsubnet")!["resource_count"]!.GetValue<int>().ShouldBe(1);

        var renamed = await app.Host.Send(Demo, HttpMethod.Put, $"/v3/{P}/vpc/vpcs/{vpc}", """{"vpc":{"name":"v3-name"}}""");
        renamed.Json["vpc"]!["name"].Str().ShouldBe("v3-name");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/vpcs/{vpc}")).Json["vpc"]!["name"].Str().ShouldBe("v3-name");
        var listed = await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/vpcs?name=v3-name&name=nothing");
        listed.Json["vpcs"]!.AsArray().Select(v => v!["id"].Str()).ShouldBe([vpc]);
        listed.Json["page_info"]!["current_count"]!.GetValue<int>().ShouldBe(1);

        var missing = await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/vpcs/{Guid.NewGuid()}");
        missing.Status.ShouldBe(404);
        string.Join(",", missing.Json.AsObject().Select(p => p.Key).Order()).ShouldBe("error_code,error_msg,request_id");
        missing.Json["error_code"].Str().ShouldBe("VPC.9904");
        var inUse = await app.Host.Send(Demo, HttpMethod.Delete, $"/v3/{P}/vpc/vpcs/{vpc}");
        inUse.Status.ShouldBe(409, inUse.ToString());
        inUse.Json["error_code"].Str().ShouldBe("VPC.9902");

        var empty = await app.Host.NewVpc(Demo, "10.63.0.0/16");
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v3/{P}/vpc/vpcs/{empty}")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/vpcs/{empty}")).ShouldBeHuaweiError(404, "VPC.0003");
        (await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v3/{TestAccount.Other.TenantId}/vpc/vpcs/{vpc}")).Status.ShouldBe(404);

        // Keystone's v3 is untouched beside Huawei's.
        var token = await app.Host.Send(Demo, HttpMethod.Post, "/v3/auth/tokens",
            """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","password":"demo-password","domain":{"id":"default"}}}}}}""");
        token.Status.ShouldBe(201, token.ToString());
    }

    [Fact]
    public async Task a_subnets_dhcp_and_dns_are_the_neutron_subnets_and_an_update_changes_both_views()
    {
        var vpc = await app.Host.NewVpc(Demo, "10.64.0.0/16");
        var subnet = await app.Host.NewHuaweiSubnet(Demo, vpc, "10.64.1.0/24", "10.64.1.1", more: new JsonObject
        {
            ["dhcp_enable"] = false, ["primary_dns"] = "100.125.1.250", ["secondary_dns"] = "100.125.21.250", ["description"] = "made",
        });
        (subnet["dhcp_enable"]!.GetValue<bool>(), subnet["primary_dns"].Str(), subnet["secondary_dns"].Str(), subnet["description"].Str())
            .ShouldBe((false, "100.125.1.250", "100.125.21.250", "made"));
        var id = subnet["id"].Str();
        var neutron = (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/subnets/{subnet["neutron_subnet_id"].Str()}")).Json["subnet"]!;
        neutron["enable_dhcp"]!.GetValue<bool>().ShouldBeFalse();
        neutron["dns_nameservers"]!.AsArray().Select(d => d.Str()).ShouldBe(["100.125.1.250", "100.125.21.250"]);

        var updated = await app.Host.Send(Demo, HttpMethod.Put, $"/v1/{P}/vpcs/{vpc}/subnets/{id}",
            """{"subnet":{"name":"renamed","dhcp_enable":true,"dnsList":["8.8.8.8","1.1.1.1","9.9.9.9"],"primary_dns":"8.8.8.8"}}""");
        updated.Status.ShouldBe(200, updated.ToString());
        updated.Json["subnet"]!["status"].Str().ShouldBe("ACTIVE");
        var shown = (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/subnets/{id}")).Json["subnet"]!;
        (shown["name"].Str(), shown["dhcp_enable"]!.GetValue<bool>(), shown["primary_dns"].Str(), shown["secondary_dns"].Str())
            .ShouldBe(("renamed", true, "8.8.8.8", "1.1.1.1"));
        shown["dnsList"]!.AsArray().Select(d => d.Str()).ShouldBe(["8.8.8.8", "1.1.1.1", "9.9.9.9"]);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/networks/{id}")).Json["network"]!["name"].Str().ShouldBe("renamed");

        (await app.Host.Send(Demo, HttpMethod.Put, $"/v1/{P}/vpcs/{vpc}/subnets/{id}", """{"subnet":{"primary_dns":"not-an-ip"}}"""))
            .ShouldBeHuaweiError(400, "VPC.0201");
        (await app.Host.Send(Demo, HttpMethod.Put, $"/v1/{P}/vpcs/{vpc}/subnets/{id}", """{"subnet":{"dnsList":["8.8.4.4"],"primary_dns":"8.8.8.8"}}"""))
            .ShouldBeHuaweiError(400, "VPC.0201");
        var otherVpc = await app.Host.NewVpc(Demo, "10.65.0.0/16");
        (await app.Host.Send(Demo, HttpMethod.Put, $"/v1/{P}/vpcs/{otherVpc}/subnets/{id}", """{"subnet":{"name":"x"}}"""))
            .ShouldBeHuaweiError(400, "VPC.0207");
    }

    [Fact]
    public async Task tags_on_vpcs_and_subnets_and_a_subnets_tags_are_its_networks_neutron_tags()
    {
        var vpc = await app.Host.NewVpc(Demo, "10.66.0.0/16", "tagged");
        var subnet = (await app.Host.NewHuaweiSubnet(Demo, vpc, "10.66.1.0/24", "10.66.1.1", "tagged-subnet"))["id"].Str();

        (await app.Host.Send(Demo, HttpMethod.Post, $"/v2.0/{P}/vpcs/{vpc}/tags", """{"tag":{"key":"env","value":"test"}}""")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Post, $"/v2.0/{P}/vpcs/{vpc}/tags/action",
            """{"action":"create","tags":[{"key":"team","value":"net"},{"key":"env","value":"prod"}]}""")).Status.ShouldBe(204);
        var tags = await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/{P}/vpcs/{vpc}/tags");
        tags.Json["tags"]!.AsArray().Select(t => $"{t!["key"].Str()}={t["value"].Str()}").ShouldBe(["env=prod", "team=net"]);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/vpcs/{vpc}")).Json["vpc"]!["tags"]!.AsArray().Count.ShouldBe(2);

        var project = await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/{P}/vpcs/tags");
        project.Json["tags"]!.AsArray().Single(t => t!["key"].Str() == "team")!["values"]!.AsArray().Select(v => v.Str()).ShouldBe(["net"]);
        var filtered = await app.Host.Send(Demo, HttpMethod.Post, $"/v2.0/{P}/vpcs/resource_instances/action",
            """{"action":"filter","tags":[{"key":"env","values":["prod"]}],"matches":[{"key":"resource_name","value":"tagged"}]}""");
        filtered.Status.ShouldBe(200, filtered.ToString());
        filtered.Json["resources"]!.AsArray().Select(r => r!["resource_id"].Str()).ShouldBe([vpc]);
        (await app.Host.Send(Demo, HttpMethod.Post, $"/v2.0/{P}/vpcs/resource_instances/action", """{"action":"count","tags":[{"key":"env","values":["dev"]}]}"""))
            .Json["total_count"]!.GetValue<int>().ShouldBe(0);

        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v2.0/{P}/vpcs/{vpc}/tags/team")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v2.0/{P}/vpcs/{vpc}/tags/team")).ShouldBeHuaweiError(404, "VPC.1801");
        (await app.Host.Send(Demo, HttpMethod.Post, $"/v2.0/{P}/vpcs/{vpc}/tags", """{"tag":{"key":"bad=key","value":"x"}}""")).ShouldBeHuaweiError(400, "VPC.1801");

        (await app.Host.Send(Demo, HttpMethod.Post, $"/v2.0/{P}/subnets/{subnet}/tags", """{"tag":{"key":"tier","value":"web"}}""")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/networks/{subnet}/tags")).Json["tags"]!.AsArray().Select(t => t.Str()).ShouldBe(["tier=web"]);
        (await app.Host.Send(Demo, HttpMethod.Put, $"/v2.0/networks/{subnet}/tags/solo", null)).Status.ShouldBe(201);
        var subnetTags = await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/{P}/subnets/{subnet}/tags");
        subnetTags.Json["tags"]!.AsArray().Select(t => $"{t!["key"].Str()}:{t["value"].Str()}").ShouldBe(["tier:web", "solo:"]);
        (await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v2.0/{TestAccount.Other.TenantId}/subnets/{subnet}/tags")).ShouldBeHuaweiError(404, "VPC.2204");
    }

    [Fact]
    public async Task quotas_and_ip_availability_count_what_the_project_holds()
    {
        var before = await Quota("vpc");
        var vpc = await app.Host.NewVpc(Demo, "10.67.0.0/16");
        (await Quota("vpc")).Used.ShouldBe(before.Used + 1);
        (await Quota("vpc")).Limit.ShouldBe(100);
        var subnet = (await app.Host.NewHuaweiSubnet(Demo, vpc, "10.67.1.0/28", "10.67.1.1"))["id"].Str();
        var eips = (await Quota("publicIp")).Used;
        await app.Host.ApplyEip(Demo);
        (await Quota("publicIp")).Used.ShouldBe(eips + 1);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/quotas?type=vpn")).Json["quotas"]!["resources"]!.AsArray().Count.ShouldBe(0);

        await app.Host.AssignOne(Demo, subnet);
        await app.Host.NewHuaweiPort(Demo, subnet);
        var availability = await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/network-ip-availabilities/{subnet}");
        availability.Status.ShouldBe(200, availability.ToString());
        var network = availability.Json["network_ip_availability"]!;
        network["used_ips"]!.GetValue<int>().ShouldBe(2);
        network["total_ips"]!.GetValue<int>().ShouldBe(13, "a /28 less its network, broadcast and gateway addresses");
        network["subnet_ip_availability"]![0]!["cidr"].Str().ShouldBe("10.67.1.0/28");
        var listed = await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/network-ip-availabilities?network_id={subnet}");
        listed.Json["network_ip_availabilities"]!.AsArray().Count.ShouldBe(1);
        (await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v2.0/network-ip-availabilities/{subnet}")).Status.ShouldBe(404);
    }

    async Task<(int Used, int Limit)> Quota(string type)
    {
        var reply = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/quotas?type={type}");
        reply.Status.ShouldBe(200, reply.ToString());
        var resource = reply.Json["quotas"]!["resources"]!.AsArray().Single()!;
        resource["type"].Str().ShouldBe(type);
        return (resource["used"]!.GetValue<int>(), resource["quota"]!.GetValue<int>());
    }
}
