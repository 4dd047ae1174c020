using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>Huawei's v1 VPCs and subnets, which are the same networks every family sees.</summary>
public class when_managing_vpcs_and_subnets(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly string P = TestAccount.Demo.TenantId;

    async Task<JsonNode> NewVpc(string cidr = "192.168.0.0/16", string name = "vpc")
    {
        var reply = await app.Host.Send(TestAccount.Demo, HttpMethod.Post, $"/v1/{P}/vpcs",
            new JsonObject { ["vpc"] = new JsonObject { ["name"] = name, ["cidr"] = cidr } }.ToJsonString());
        reply.Status.ShouldBe(200, reply.ToString());
        return reply.Json["vpc"]!;
    }

    async Task<VpcReply> NewSubnet(string vpcId, string cidr, string gateway, string name = "subnet") =>
        await app.Host.Send(TestAccount.Demo, HttpMethod.Post, $"/v1/{P}/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["name"] = name, ["cidr"] = cidr, ["gateway_ip"] = gateway, ["vpc_id"] = vpcId },
        }.ToJsonString());

    static void ShouldBeHuaweiError(VpcReply reply, int status, string code)
    {
        reply.Status.ShouldBe(status, reply.ToString());
        reply.Json["code"].Str().ShouldBe(code);
        reply.Json["error_code"].Str().ShouldBe(code);
        reply.Json["error_msg"].Str().ShouldBe(reply.Json["message"].Str());
    }

    [Fact]
    public async Task a_vpc_is_created_shown_listed_and_deleted()
    {
        var vpc = await NewVpc("10.10.0.0/16", "first");
        vpc["name"].Str().ShouldBe("first");
        vpc["cidr"].Str().ShouldBe("10.10.0.0/16");
        vpc["status"].Str().ShouldBe("OK");
        vpc["tenant_id"].Str().ShouldBe(P);
        var id = vpc["id"].Str();

        var shown = await app.Host.Send(TestAccount.Demo, HttpMethod.Get, $"/v1/{P}/vpcs/{id}");
        shown.Json["vpc"]!["id"].Str().ShouldBe(id);
        var listed = await app.Host.Send(TestAccount.Demo, HttpMethod.Get, $"/v1/{P}/vpcs");
        listed.Json["vpcs"]!.AsArray().Select(v => v!["id"].Str()).ShouldContain(id);
        var byId = await app.Host.Send(TestAccount.Demo, HttpMethod.Get, $"/v1/{P}/vpcs?id={id}");
        byId.Json["vpcs"]!.AsArray().Select(v => v!["id"].Str()).ShouldBe([id]);

        (await app.Host.Send(TestAccount.Demo, HttpMethod.Delete, $"/v1/{P}/vpcs/{id}")).Status.ShouldBe(204);
        ShouldBeHuaweiError(await app.Host.Send(TestAccount.Demo, HttpMethod.Get, $"/v1/{P}/vpcs/{id}"), 404, "VPC.0003");
    }

    [Fact]
    public async Task a_subnet_is_a_network_that_private_ips_and_the_other_families_use()
    {
        var vpc = await NewVpc();
        var created = await NewSubnet(vpc["id"].Str(), "192.168.20.0/24", "192.168.20.1");
        created.Status.ShouldBe(200, created.ToString());
        var subnet = created.Json["subnet"]!;
        subnet["cidr"].Str().ShouldBe("192.168.20.0/24");
        subnet["gateway_ip"].Str().ShouldBe("192.168.20.1");
        subnet["vpc_id"].Str().ShouldBe(vpc["id"].Str());
        subnet["status"].Str().ShouldBe("ACTIVE");
        subnet["neutron_network_id"].Str().ShouldBe(subnet["id"].Str());
        var subnetId = subnet["id"].Str();

        var assigned = await app.Host.Send(TestAccount.Demo, HttpMethod.Post, $"/v1/{P}/privateips", VpcScenarios.Body((subnetId, null)));
        assigned.Status.ShouldBe(200, assigned.ToString());
        assigned.Json["privateips"]![0]!["ip_address"].Str().ShouldBe("192.168.20.2");

        var neutron = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{subnetId}"));
        neutron.Status().ShouldBe(200);
        (await neutron.Json())["network"]!["name"].Str().ShouldBe("subnet");

        var listed = await app.Host.Send(TestAccount.Demo, HttpMethod.Get, $"/v1/{P}/subnets?vpc_id={vpc["id"].Str()}");
        listed.Json["subnets"]!.AsArray().Select(s => s!["id"].Str()).ShouldBe([subnetId]);
        (await app.Host.Send(TestAccount.Demo, HttpMethod.Get, $"/v1/{P}/subnets/{subnetId}")).Json["subnet"]!["id"].Str().ShouldBe(subnetId);
    }

    [Fact]
    public async Task subnets_must_fit_the_vpc_and_not_overlap()
    {
        var vpc = await NewVpc("172.16.0.0/16");
        var id = vpc["id"].Str();
        (await NewSubnet(id, "172.16.1.0/24", "172.16.1.1")).Status.ShouldBe(200);
        ShouldBeHuaweiError(await NewSubnet(id, "172.16.1.128/25", "172.16.1.129", "inner"), 400, "VPC.0204");
        ShouldBeHuaweiError(await NewSubnet(id, "10.0.0.0/24", "10.0.0.1", "outside"), 400, "VPC.0203");
        ShouldBeHuaweiError(await NewSubnet(id, "172.16.300.0/24", "172.16.3.1", "bad"), 400, "VPC.0212");
        ShouldBeHuaweiError(await NewSubnet(id, "172.16.2.0/24", "172.16.9.1", "gateway"), 400, "VPC.0201");
        ShouldBeHuaweiError(await NewSubnet(id, "172.16.4.0/24", "172.16.4.1", "bad name!"), 400, "VPC.0201");
        ShouldBeHuaweiError(await NewSubnet(Guid.NewGuid().ToString(), "172.16.5.0/24", "172.16.5.1"), 404, "VPC.0003");
    }

    [Fact]
    public async Task a_vpc_with_subnets_and_a_subnet_with_private_ips_are_not_deleted()
    {
        var vpc = await NewVpc("10.20.0.0/16");
        var vpcId = vpc["id"].Str();
        var subnetId = (await NewSubnet(vpcId, "10.20.1.0/24", "10.20.1.1")).Json["subnet"]!["id"].Str();
        var ip = (await app.Host.Send(TestAccount.Demo, HttpMethod.Post, $"/v1/{P}/privateips", VpcScenarios.Body((subnetId, null))))
            .Json["privateips"]![0]!["id"].Str();

        ShouldBeHuaweiError(await app.Host.Send(TestAccount.Demo, HttpMethod.Delete, $"/v1/{P}/vpcs/{vpcId}"), 409, "VPC.0104");
        ShouldBeHuaweiError(await app.Host.Send(TestAccount.Demo, HttpMethod.Delete, $"/v1/{P}/vpcs/{vpcId}/subnets/{subnetId}"), 409, "VPC.0208");

        (await app.Host.Send(TestAccount.Demo, HttpMethod.Delete, $"/v1/{P}/privateips/{ip}")).Status.ShouldBe(204);
        (await app.Host.Send(TestAccount.Demo, HttpMethod.Delete, $"/v1/{P}/vpcs/{vpcId}/subnets/{subnetId}")).Status.ShouldBe(204);
        ShouldBeHuaweiError(await app.Host.Send(TestAccount.Demo, HttpMethod.Get, $"/v1/{P}/subnets/{subnetId}"), 404, "VPC.0202");
        (await app.Host.Send(TestAccount.Demo, HttpMethod.Delete, $"/v1/{P}/vpcs/{vpcId}")).Status.ShouldBe(204);
    }

    [Fact]
    public async Task a_subnet_of_another_vpc_is_not_deleted_through_this_one()
    {
        var first = (await NewVpc("10.30.0.0/16", "a"))["id"].Str();
        var second = (await NewVpc("10.31.0.0/16", "b"))["id"].Str();
        var subnetId = (await NewSubnet(first, "10.30.1.0/24", "10.30.1.1")).Json["subnet"]!["id"].Str();
        ShouldBeHuaweiError(await app.Host.Send(TestAccount.Demo, HttpMethod.Delete, $"/v1/{P}/vpcs/{second}/subnets/{subnetId}"), 400, "VPC.0207");
    }

    [Fact]
    public async Task another_project_sees_none_of_it()
    {
        var vpcId = (await NewVpc("10.40.0.0/16", "mine"))["id"].Str();
        var subnetId = (await NewSubnet(vpcId, "10.40.1.0/24", "10.40.1.1")).Json["subnet"]!["id"].Str();
        var other = TestAccount.Other.TenantId;
        ShouldBeHuaweiError(await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v1/{other}/vpcs/{vpcId}"), 404, "VPC.0003");
        ShouldBeHuaweiError(await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v1/{other}/subnets/{subnetId}"), 404, "VPC.0202");
        (await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v1/{other}/vpcs")).Json["vpcs"]!.AsArray().ShouldBeEmpty();
        (await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v1/{other}/subnets")).Json["subnets"]!.AsArray()
            .Select(s => s!["id"].Str()).ShouldNotContain(subnetId);
        ShouldBeHuaweiError(await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v1/{P}/vpcs"), 400, "VPC.0007");
    }
}
