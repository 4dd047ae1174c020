using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>Huawei's EIPs (<c>/v1/{project}/publicips</c>): the floating IPs of this service seen through Huawei's API.</summary>
public class when_using_eips(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly string P = Demo.TenantId;

    [Fact]
    public async Task an_eip_is_applied_bound_to_a_port_unbound_and_released_and_neutron_and_nova_see_the_same_floating_ip()
    {
        var applied = await app.Host.ApplyEip(Demo, size: 7);
        applied.Status.ShouldBe(200, applied.ToString());
        var eip = applied.Json["publicip"]!;
        var id = eip["id"].Str();
        eip["status"].Str().ShouldBe("DOWN");
        eip["type"].Str().ShouldBe("5_bgp");
        eip["public_ip_address"].Str().ShouldStartWith("203.0.113.");
        eip["bandwidth_size"]!.GetValue<int>().ShouldBe(7);
        eip["bandwidth_share_type"].Str().ShouldBe("PER");
        eip["bandwidth_name"].Str().ShouldBe("bw-test");
        eip["tenant_id"].Str().ShouldBe(P);
        eip.AsObject().ContainsKey("port_id").ShouldBeFalse();
        var address = eip["public_ip_address"].Str();

        var nova = await app.Host.ShowFloatingIp(Demo, id);
        nova.Status().ShouldBe(200);
        (await nova.Json())["floating_ip"]!["ip"].Str().ShouldBe(address);

        var network = await app.Host.NewVpcWithSubnet(Demo, 51);
        var port = await app.Host.NewHuaweiPort(Demo, network);
        var bound = await app.Host.UpdateEip(Demo, id, new JsonObject { ["port_id"] = port["id"].Str() });
        bound.Status.ShouldBe(200, bound.ToString());
        bound.Json["publicip"]!["status"].Str().ShouldBe("ACTIVE");
        bound.Json["publicip"]!["port_id"].Str().ShouldBe(port["id"].Str());
        bound.Json["publicip"]!["private_ip_address"].Str().ShouldBe(port["fixed_ips"]![0]!["ip_address"].Str());
        var neutron = await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/floatingips/{id}");
        neutron.Json["floatingip"]!["port_id"].Str().ShouldBe(port["id"].Str());
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/publicips")).Json["publicips"]!.AsArray()
            .Single(e => e!["id"].Str() == id)!["status"].Str().ShouldBe("ACTIVE");

        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{P}/publicips/{id}")).ShouldBeHuaweiError(409, "VPC.0517");
        var other = (await app.Host.NewHuaweiPort(Demo, network))["id"].Str();
        (await app.Host.UpdateEip(Demo, id, new JsonObject { ["port_id"] = other })).ShouldBeHuaweiError(409, "VPC.0510");
        var second = (await app.Host.ApplyEip(Demo)).Json["publicip"]!["id"].Str();
        (await app.Host.UpdateEip(Demo, second, new JsonObject { ["port_id"] = port["id"].Str() })).ShouldBeHuaweiError(409, "VPC.0511");
        (await app.Host.UpdateEip(Demo, second, new JsonObject { ["port_id"] = Guid.NewGuid().ToString() })).ShouldBeHuaweiError(400, "VPC.0501");

        var unbound = await app.Host.UpdateEip(Demo, id, new JsonObject { ["port_id"] = null, ["alias"] = "renamed" });
        unbound.Status.ShouldBe(200, unbound.ToString());
        unbound.Json["publicip"]!["status"].Str().ShouldBe("DOWN");
        unbound.Json["publicip"]!["alias"].Str().ShouldBe("renamed");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/floatingips/{id}")).Json["floatingip"]!["port_id"].ShouldBeNull();

        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{P}/publicips/{id}")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/publicips/{id}")).ShouldBeHuaweiError(404, "VPC.0504");
        (await app.Host.ShowFloatingIp(Demo, id)).Status().ShouldBe(404);
    }

    [Fact]
    public async Task a_floating_ip_nova_made_is_an_eip_and_the_list_pages()
    {
        var nova = await app.Host.AllocateFloatingIp(Demo);
        var shown = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/publicips/{nova["id"].Str()}");
        shown.Status.ShouldBe(200, shown.ToString());
        shown.Json["publicip"]!["public_ip_address"].Str().ShouldBe(nova["ip"].Str());
        shown.Json["publicip"]!["type"].Str().ShouldBe("5_bgp");
        shown.Json["publicip"]!["bandwidth_size"]!.GetValue<int>().ShouldBe(1);
        await app.Host.ApplyEip(Demo);

        var first = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/publicips?limit=1");
        first.Json["publicips"]!.AsArray().Count.ShouldBe(1);
        var next = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/publicips?limit=1&marker={first.Json["publicips"]![0]!["id"].Str()}");
        next.Json["publicips"]!.AsArray().Count.ShouldBe(1);
        next.Json["publicips"]![0]!["id"].Str().ShouldNotBe(first.Json["publicips"]![0]!["id"].Str());
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/publicips?limit=x")).ShouldBeHuaweiError(400, "VPC.0501");
        (await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v1/{TestAccount.Other.TenantId}/publicips/{nova["id"].Str()}"))
            .ShouldBeHuaweiError(404, "VPC.0504");
    }

    [Fact]
    public async Task an_apply_huawei_does_not_allow_is_refused_and_nothing_is_held()
    {
        (await app.Host.ApplyEip(Demo, type: "5_nope")).ShouldBeHuaweiError(400, "VPC.0501");
        (await app.Host.ApplyEip(Demo, share: "WHOLE")).ShouldBeHuaweiError(400, "VPC.0301");
        (await app.Host.ApplyEip(Demo, size: 0)).ShouldBeHuaweiError(400, "VPC.0301");
        (await app.Host.ApplyEip(Demo, address: "198.18.0.1")).ShouldBeHuaweiError(400, "VPC.0501");
        var taken = (await app.Host.ApplyEip(Demo)).Json["publicip"]!["public_ip_address"].Str();
        (await app.Host.ApplyEip(Demo, address: taken)).ShouldBeHuaweiError(409, "VPC.0522");
        (await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{P}/publicips", """{"publicip":{"type":"5_bgp"}}""")).ShouldBeHuaweiError(400, "VPC.0301");
    }
}
