using CloudNet.Tests.Admin.Tenants;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.SecurityGroups;

/// <summary>A port's <c>security_groups</c>: the project's default when it names none (unless port security is off or it has no
/// address), the ones it names when they are the project's, and a group a port uses stays.</summary>
public class when_ports_use_security_groups(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_port_naming_no_group_gets_the_default_one_unless_port_security_is_off()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "sg-ports", "10.81.0.0/24");
        var defaultGroup = await app.Host.DefaultGroup(Demo);

        (await app.Host.CreatePort(Demo, new { network_id = networkId }))["security_groups"]!.ToJsonString()
            .ShouldBe($"""["{defaultGroup["id"].Str()}"]""");
        (await app.Host.CreatePort(Demo, new { network_id = networkId, port_security_enabled = false }))["security_groups"]!.AsArray().ShouldBeEmpty();
        (await app.Host.CreatePort(Demo, new { network_id = networkId, fixed_ips = Array.Empty<object>() }))["security_groups"]!.AsArray().ShouldBeEmpty();
        (await app.Host.CreatePort(Demo, new { network_id = networkId, security_groups = Array.Empty<string>() }))["security_groups"]!.AsArray().ShouldBeEmpty();

        var server = await app.Host.CreateServer(Demo, "sg-server", new[] { new { uuid = networkId } });
        var serverPort = (await app.Host.ListPorts(Demo, $"?device_id={server["id"].Str()}")).Single()!;
        serverPort["security_groups"]!.ToJsonString().ShouldBe($"""["{defaultGroup["id"].Str()}"]""");
        server["security_groups"]!.ToJsonString().ShouldBe("""[{"name":"default"}]""");
    }

    [Fact]
    public async Task the_groups_a_port_names_must_be_the_projects_and_stay_while_it_uses_them()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "sg-named", "10.82.0.0/24");
        var web = await app.Host.CreateSecurityGroup(Demo, "sg-web");
        var theirs = await app.Host.CreateSecurityGroup(TestAccount.Other, "sg-theirs");
        var missing = Guid.NewGuid().ToString();

        (await (await app.Host.PostPort(Demo, new { network_id = networkId, security_groups = new[] { web["id"].Str(), theirs["id"].Str(), missing } }))
            .ShouldBeNeutronError(404, "SecurityGroupNotFound")).ShouldBe($"Security group {theirs["id"].Str()}, {missing} does not exist");
        var port = await app.Host.CreatePort(Demo, new { network_id = networkId, security_groups = new[] { web["id"].Str() } });
        port["security_groups"]!.ToJsonString().ShouldBe($"""["{web["id"].Str()}"]""");

        (await (await app.Host.DeleteSecurityGroup(Demo, web["id"].Str())).ShouldBeNeutronError(409, "SecurityGroupInUse"))
            .ShouldBe($"Security Group {web["id"].Str()} in use.");
        await (await app.Host.As(Demo, x => x.Put.Json(new { security_group = new { stateful = false } }).ToUrl($"/v2.0/security-groups/{web["id"].Str()}")))
            .ShouldBeNeutronError(409, "SecurityGroupInUse");
        await (await app.Host.PutPort(Demo, port["id"].Str(), new { security_groups = new[] { missing } })).ShouldBeNeutronError(404, "SecurityGroupNotFound");

        (await app.Host.UpdatePort(Demo, port["id"].Str(), new { security_groups = Array.Empty<string>() }))["security_groups"]!.AsArray().ShouldBeEmpty();
        (await app.Host.DeleteSecurityGroup(Demo, web["id"].Str())).Status().ShouldBe(204);
    }

    [Fact]
    public async Task many_first_uses_at_once_make_one_default_group_and_refuse_none()
    {
        var tenant = await app.Host.NewTenant("first-use-race");

        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.Host.As(tenant,
            x => x.Post.Json(new { network = new { name = $"race-{i}" } }).ToUrl("/v2.0/networks"))));

        created.Select(c => c.Status()).ShouldAllBe(s => s == 201);
        (await app.Host.ListSecurityGroups(tenant)).Select(g => g!["name"].Str()).ShouldBe(["default"]);
    }
}
