using CloudNet.Tests.Networks;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Networks.SecurityGroups;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

/// <summary>nova's <c>/os-security-groups</c> and <c>/os-security-group-rules</c>, and <c>security_groups</c> on server create,
/// over the same groups as Neutron's <c>/v2.0/security-groups</c>, answered as nova's Neutron driver answers.</summary>
public class when_using_nova_security_groups(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_group_made_through_nova_is_neutrons_and_its_rules_read_as_nova_network_had_them()
    {
        var created = await app.Host.As(Demo, x => x.Post.Json(new { security_group = new { name = "nova-web", description = "from nova" } })
            .ToUrl("/os-security-groups"));
        created.Status().ShouldBe(200, await created.ReadAsTextAsync());
        var group = (await created.Json())["security_group"]!;
        (group["name"].Str(), group["description"].Str(), group["tenant_id"].Str()).ShouldBe(("nova-web", "from nova", Demo.TenantId));
        group["rules"]!.AsArray().ShouldBeEmpty("nova shows the ingress rules only");
        var id = group["id"].Str();
        (await app.Host.ShowSecurityGroup(Demo, id))["name"].Str().ShouldBe("nova-web");

        var ssh = await app.Host.As(Demo, x => x.Post.Json(new
        {
            security_group_rule = new { parent_group_id = id, ip_protocol = "tcp", from_port = 22, to_port = 22, cidr = "10.0.0.0/8" },
        }).ToUrl("/os-security-group-rules"));
        ssh.Status().ShouldBe(200, await ssh.ReadAsTextAsync());
        var rule = (await ssh.Json())["security_group_rule"]!;
        rule.ToJsonString().ShouldBe($$$"""{"id":"{{{rule["id"].Str()}}}","parent_group_id":"{{{id}}}","ip_protocol":"tcp","from_port":22,"to_port":22,"group":{},"ip_range":{"cidr":"10.0.0.0/8"}}""");
        var ping = await app.Host.As(Demo, x => x.Post.Json(new
        {
            security_group_rule = new { parent_group_id = id, ip_protocol = "icmp", from_port = -1, to_port = -1, group_id = id },
        }).ToUrl("/os-security-group-rules"));
        var pingRule = (await ping.Json())["security_group_rule"]!;
        (pingRule["from_port"]!.GetValue<int>(), pingRule["to_port"]!.GetValue<int>(), pingRule["group"]!["name"].Str()).ShouldBe((-1, -1, "nova-web"));

        var neutron = await app.Host.ShowSecurityGroup(Demo, id);
        neutron["security_group_rules"]!.AsArray().Select(r => r!.Shape()).ShouldContain("ingress IPv4 tcp 22-22 10.0.0.0/8 <null>");
        var duplicate = await app.Host.As(Demo, x => x.Post.Json(new
        {
            security_group_rule = new { parent_group_id = id, ip_protocol = "tcp", from_port = 22, to_port = 22, cidr = "10.0.0.0/8" },
        }).ToUrl("/os-security-group-rules"));
        duplicate.Status().ShouldBe(400, "nova answers Neutron's 409 with its 400");
        (await duplicate.Json())["badRequest"].ShouldNotBeNull();

        var listed = await (await app.Host.As(Demo, x => x.Get.Url("/os-security-groups"))).Json();
        listed["security_groups"]!.AsArray().Select(g => g!["name"].Str()).ShouldContain("default");
        (await app.Host.As(Demo, x => x.Delete.Url($"/os-security-group-rules/{rule["id"].Str()}"))).Status().ShouldBe(202);
        (await app.Host.As(Demo, x => x.Put.Json(new { security_group = new { name = "nova-www", description = "renamed" } }).ToUrl($"/os-security-groups/{id}")))
            .Status().ShouldBe(200);
        (await app.Host.As(Demo, x => x.Delete.Url($"/os-security-groups/{id}"))).Status().ShouldBe(202);
        var gone = await app.Host.As(Demo, x => x.Get.Url($"/os-security-groups/{id}"));
        gone.Status().ShouldBe(404);
        (await gone.Json())["itemNotFound"]!["message"].Str().ShouldBe($"Security group {id} not found.");
    }

    [Fact]
    public async Task a_server_is_made_with_the_groups_it_names_and_its_ports_get_them()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "nova-sg", "10.91.0.0/24");
        var web = await app.Host.CreateSecurityGroup(Demo, "nova-sg-web");

        var result = await app.Host.As(Demo, x => x.Post.Json(new
        {
            server = new { name = "grouped", imageRef = "img", flavorRef = "flv", networks = new[] { new { uuid = networkId } },
                security_groups = new[] { new { name = "nova-sg-web" }, new { name = "default" } } },
        }).ToUrl("/servers"));

        result.Status().ShouldBe(202, await result.ReadAsTextAsync());
        var server = (await result.Json())["server"]!;
        server["security_groups"]!.ToJsonString().ShouldBe("""[{"name":"nova-sg-web"},{"name":"default"}]""");
        var port = (await app.Host.ListPorts(Demo, $"?device_id={server["id"].Str()}")).Single()!;
        port["security_groups"]!.AsArray().Select(g => g.Str()).ShouldBe([web["id"].Str(), (await app.Host.DefaultGroup(Demo))["id"].Str()]);
        var ofServer = await (await app.Host.As(Demo, x => x.Get.Url($"/servers/{server["id"].Str()}/os-security-groups"))).Json();
        ofServer["security_groups"]!.AsArray().Select(g => g!["name"].Str()).ShouldBe(["nova-sg-web", "default"]);
        await (await app.Host.DeleteSecurityGroup(Demo, web["id"].Str())).ShouldBeNeutronError(409, "SecurityGroupInUse");

        var unknown = await app.Host.As(Demo, x => x.Post.Json(new
        {
            server = new { name = "ungrouped", imageRef = "img", flavorRef = "flv", networks = "none", security_groups = new[] { new { name = "nope" } } },
        }).ToUrl("/servers"));
        unknown.Status().ShouldBe(400, await unknown.ReadAsTextAsync());
        (await unknown.Json())["badRequest"]!["message"].Str().ShouldBe("Security group nope not found.");
    }
}
