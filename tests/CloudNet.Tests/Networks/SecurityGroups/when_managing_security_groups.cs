using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.SecurityGroups;

/// <summary><c>/v2.0/security-groups</c> and <c>/v2.0/security-group-rules</c> against Neutron's reference: every field, the
/// project's <c>default</c> group, Neutron's default rules, and its refusals.</summary>
public class when_managing_security_groups(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly TestAccount Other = TestAccount.Other;

    static readonly string[] GroupFields =
    [
        "created_at", "description", "id", "name", "project_id", "revision_number", "security_group_rules", "shared", "stateful", "tags",
        "tenant_id", "updated_at",
    ];

    static readonly string[] RuleFields =
    [
        "belongs_to_default_sg", "created_at", "description", "direction", "ethertype", "id", "normalized_cidr", "port_range_max", "port_range_min",
        "project_id", "protocol", "remote_address_group_id", "remote_group_id", "remote_ip_prefix", "revision_number", "security_group_id",
        "tenant_id", "updated_at",
    ];

    [Fact]
    public async Task the_project_gets_its_default_group_on_first_use_with_neutrons_default_rules_and_keeps_it()
    {
        (await app.Host.ListSecurityGroups(Other)).ShouldBeEmpty("a GET changes nothing: no use yet");
        await app.Host.CreateNetwork(Other, "first-use");

        var group = await app.Host.DefaultGroup(Other);

        group.Keys().Order(StringComparer.Ordinal).ShouldBe(GroupFields);
        (group["name"].Str(), group["description"].Str(), group["tenant_id"].Str()).ShouldBe(("default", "Default security group", Other.TenantId));
        group["stateful"]!.GetValue<bool>().ShouldBeTrue();
        var id = group["id"].Str();
        var rules = group["security_group_rules"]!.AsArray();
        rules.Select(r => r!.Shape()).Order(StringComparer.Ordinal).ShouldBe(
        [
            "egress IPv4 <null> <null>-<null> <null> <null>", "egress IPv6 <null> <null>-<null> <null> <null>",
            $"ingress IPv4 <null> <null>-<null> <null> {id}", $"ingress IPv6 <null> <null>-<null> <null> {id}",
        ]);
        rules[0]!.Keys().Order(StringComparer.Ordinal).ShouldBe(RuleFields);
        rules.ShouldAllBe(r => r!["belongs_to_default_sg"]!.GetValue<bool>() && r["security_group_id"].Str() == id);

        await app.Host.CreateNetwork(Other, "second-use");
        (await app.Host.ListSecurityGroups(Other)).Count.ShouldBe(1, "one default group however often it is needed");
        (await (await app.Host.DeleteSecurityGroup(Other, id)).ShouldBeNeutronError(409, "SecurityGroupCannotRemoveDefault"))
            .ShouldBe("Insufficient rights for removing default security group.");
        await (await app.Host.As(Other, x => x.Put.Json(new { security_group = new { name = "renamed" } }).ToUrl($"/v2.0/security-groups/{id}")))
            .ShouldBeNeutronError(409, "SecurityGroupCannotUpdateDefault");
        await (await app.Host.PostSecurityGroup(Other, new { name = "Default" })).ShouldBeNeutronError(409, "SecurityGroupDefaultAlreadyExists");
        var described = await app.Host.As(Other, x => x.Put.Json(new { security_group = new { description = "ours" } }).ToUrl($"/v2.0/security-groups/{id}"));
        described.Status().ShouldBe(200, await described.ReadAsTextAsync());
    }

    [Fact]
    public async Task a_group_is_created_with_the_egress_rules_updated_tagged_listed_and_deleted()
    {
        var group = await app.Host.CreateSecurityGroup(Demo, "web", new { name = "web", description = "web servers", stateful = false });

        (group["name"].Str(), group["description"].Str()).ShouldBe(("web", "web servers"));
        group["stateful"]!.GetValue<bool>().ShouldBeFalse();
        group["revision_number"]!.GetValue<long>().ShouldBe(1);
        group["security_group_rules"]!.AsArray().Select(r => r!.Shape()).Order(StringComparer.Ordinal)
            .ShouldBe(["egress IPv4 <null> <null>-<null> <null> <null>", "egress IPv6 <null> <null>-<null> <null> <null>"]);
        group["security_group_rules"]!.AsArray().ShouldAllBe(r => !r!["belongs_to_default_sg"]!.GetValue<bool>());
        (await app.Host.ListSecurityGroups(Demo, "?name=default")).Count.ShouldBe(1, "the project's first group brings the default one");
        var id = group["id"].Str();

        var updated = await app.Host.As(Demo, x => x.Put.Json(new { security_group = new { name = "www", stateful = true } }).ToUrl($"/v2.0/security-groups/{id}"));
        updated.Status().ShouldBe(200, await updated.ReadAsTextAsync());
        var body = (await updated.Json())["security_group"]!;
        (body["name"].Str(), body["stateful"]!.GetValue<bool>(), body["revision_number"]!.GetValue<long>()).ShouldBe(("www", true, 2L));
        (await app.Host.As(Demo, x => x.Put.Json(new { tags = new[] { "blue" } }).ToUrl($"/v2.0/security-groups/{id}/tags"))).Status().ShouldBe(200);
        (await app.Host.ListSecurityGroups(Demo, "?tags=blue")).Ids().ShouldBe([id]);
        await (await app.Host.As(Other, x => x.Get.Url($"/v2.0/security-groups/{id}"))).ShouldBeNeutronError(404, "SecurityGroupNotFound");
        await (await app.Host.As(Demo, x => x.Put.Json(new { security_group = new { name = "default" } }).ToUrl($"/v2.0/security-groups/{id}")))
            .ShouldBeNeutronError(409, "SecurityGroupDefaultAlreadyExists");

        (await app.Host.DeleteSecurityGroup(Demo, id)).Status().ShouldBe(204);
        await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/security-groups/{id}"))).ShouldBeNeutronError(404, "SecurityGroupNotFound");
        var events = await (await app.Host.As(Demo, x => x.Get.Url($"/history/security-groups/{id}/events"))).Json();
        events["events"]!.AsArray().Select(e => e!["type"].Str()).ShouldBe(
            ["security_group_created", "security_group_updated", "security_group_tags_replaced", "security_group_deleted"]);
    }

    [Fact]
    public async Task rules_are_checked_as_neutron_checks_them()
    {
        var group = await app.Host.CreateSecurityGroup(Demo, "checked");
        var id = group["id"].Str();
        async Task<string> Refused(object rule, int status, string type) => await (await app.Host.PostRule(Demo, rule)).ShouldBeNeutronError(status, type);

        var ssh = await app.Host.CreateRule(Demo, new
        {
            security_group_id = id, direction = "ingress", protocol = "TCP", port_range_min = 22, port_range_max = "22", remote_ip_prefix = "10.0.0.5/24",
            description = "ssh",
        });
        ssh.Keys().Order(StringComparer.Ordinal).ShouldBe(RuleFields);
        (ssh["protocol"].Str(), ssh["ethertype"].Str(), ssh["remote_ip_prefix"].Str(), ssh["normalized_cidr"].Str(), ssh["description"].Str())
            .ShouldBe(("tcp", "IPv4", "10.0.0.5/24", "10.0.0.0/24", "ssh"));
        var host = await app.Host.CreateRule(Demo, new { security_group_id = id, direction = "ingress", protocol = 17, remote_ip_prefix = "192.0.2.7" });
        (host["protocol"].Str(), host["remote_ip_prefix"].Str()).ShouldBe(("17", "192.0.2.7/32"));
        var all = await app.Host.CreateRule(Demo, new { security_group_id = id, direction = "ingress", protocol = "tcp", port_range_min = 1, port_range_max = 65535 });
        all["port_range_min"].ShouldBeNull("every port is no range");
        all["port_range_max"].ShouldBeNull();
        var icmp6 = await app.Host.CreateRule(Demo, new { security_group_id = id, direction = "ingress", ethertype = "ipv6", protocol = "icmp", port_range_min = 128 });
        (icmp6["protocol"].Str(), icmp6["ethertype"].Str()).ShouldBe(("ipv6-icmp", "IPv6"));

        (await Refused(new { security_group_id = id, direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22, remote_ip_prefix = "10.0.0.0/24" },
            409, "SecurityGroupRuleExists")).ShouldBe($"Security group rule already exists. Rule id is {ssh["id"].Str()}.");
        await Refused(new { security_group_id = id, direction = "ingress", protocol = "6", port_range_min = 22, port_range_max = 22, remote_ip_prefix = "10.0.0.9/24" },
            409, "SecurityGroupRuleExists");
        await Refused(new { security_group_id = id, direction = "ingress", protocol = "bogus" }, 400, "SecurityGroupRuleInvalidProtocol");
        await Refused(new { security_group_id = id, direction = "ingress", protocol = 256 }, 400, "SecurityGroupRuleInvalidProtocol");
        await Refused(new { security_group_id = id, direction = "ingress", protocol = "gre", port_range_min = 1, port_range_max = 2 }, 400,
            "SecurityGroupInvalidProtocolForPort");
        await Refused(new { security_group_id = id, direction = "ingress", port_range_min = 80, port_range_max = 80 }, 400, "SecurityGroupProtocolRequiredWithPorts");
        await Refused(new { security_group_id = id, direction = "ingress", protocol = "udp", port_range_min = 90, port_range_max = 80 }, 400, "SecurityGroupInvalidPortRange");
        await Refused(new { security_group_id = id, direction = "ingress", protocol = "udp", port_range_min = 70000, port_range_max = 70000 }, 400,
            "SecurityGroupInvalidPortValue");
        await Refused(new { security_group_id = id, direction = "ingress", protocol = "icmp", port_range_min = 300 }, 400, "SecurityGroupInvalidIcmpValue");
        await Refused(new { security_group_id = id, direction = "ingress", protocol = "icmp", port_range_max = 0 }, 400, "SecurityGroupMissingIcmpType");
        await Refused(new { security_group_id = id, direction = "ingress", remote_ip_prefix = "2001:db8::/64" }, 400, "SecurityGroupRuleParameterConflict");
        await Refused(new { security_group_id = id, direction = "ingress", protocol = "ipv6-icmp" }, 400, "SecurityGroupEthertypeConflictWithProtocol");
        await Refused(new { security_group_id = id, direction = "ingress", remote_ip_prefix = "10.0.0.0/8", remote_group_id = id }, 400,
            "SecurityGroupMultipleRemoteEntites");
        await Refused(new { security_group_id = id, direction = "ingress", remote_ip_prefix = "10.0.0.0/33" }, 400, "InvalidCIDR");
        await Refused(new { security_group_id = id, direction = "ingress", ethertype = "IPv5" }, 400, "SecurityGroupRuleInvalidEtherType");
        await Refused(new { security_group_id = id, direction = "sideways" }, 400, "BadRequest");
        await Refused(new { security_group_id = id }, 400, "BadRequest");
        await Refused(new { security_group_id = id, direction = "ingress", remote_group_id = Guid.NewGuid() }, 404, "SecurityGroupNotFound");
        await Refused(new { security_group_id = Guid.NewGuid(), direction = "ingress" }, 404, "SecurityGroupNotFound");

        var listed = await app.Host.As(Demo, x => x.Get.Url($"/v2.0/security-group-rules?security_group_id={id}&direction=ingress"));
        (await listed.Json())["security_group_rules"]!.AsArray().Count.ShouldBe(4);
        var shown = await app.Host.As(Demo, x => x.Get.Url($"/v2.0/security-group-rules/{ssh["id"].Str()}"));
        (await shown.Json())["security_group_rule"]!.ToJsonString().ShouldBe(ssh.ToJsonString());
        await (await app.Host.As(Other, x => x.Get.Url($"/v2.0/security-group-rules/{ssh["id"].Str()}"))).ShouldBeNeutronError(404, "SecurityGroupRuleNotFound");
        (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/security-group-rules/{ssh["id"].Str()}"))).Status().ShouldBe(204);
        await (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/security-group-rules/{ssh["id"].Str()}"))).ShouldBeNeutronError(404, "SecurityGroupRuleNotFound");
        (await app.Host.ShowSecurityGroup(Demo, id))["security_group_rules"]!.AsArray().Count.ShouldBe(5);
    }

    [Fact]
    public async Task a_group_a_rule_names_goes_with_those_rules()
    {
        var web = await app.Host.CreateSecurityGroup(Demo, "web-tier");
        var db = await app.Host.CreateSecurityGroup(Demo, "db-tier");
        var fromWeb = await app.Host.CreateRule(Demo, new { security_group_id = db["id"].Str(), direction = "ingress", protocol = "tcp", port_range_min = 5432,
            port_range_max = 5432, remote_group_id = web["id"].Str() });

        (await app.Host.DeleteSecurityGroup(Demo, web["id"].Str())).Status().ShouldBe(204);

        (await app.Host.ShowSecurityGroup(Demo, db["id"].Str()))["security_group_rules"]!.AsArray().Select(r => r!["id"].Str())
            .ShouldNotContain(fromWeb["id"].Str());
    }

    [Fact]
    public async Task groups_and_rules_count_against_their_quotas()
    {
        var before = await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/quotas/{Demo.TenantId}/details"))).Json();
        var rulesBefore = before["quota"]!["security_group_rule"]!["used"]!.GetValue<int>();
        var group = await app.Host.CreateSecurityGroup(Demo, "counted");
        await app.Host.CreateRule(Demo, new { security_group_id = group["id"].Str(), direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443 });

        var after = await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/quotas/{Demo.TenantId}/details"))).Json();
        after["quota"]!["security_group_rule"]!["used"]!.GetValue<int>().ShouldBe(rulesBefore + 3);
        after["quota"]!["security_group"]!["limit"]!.GetValue<int>().ShouldBe(10);
        after["quota"]!["router"]!["limit"]!.GetValue<int>().ShouldBe(10);

        (await app.Host.DeleteSecurityGroup(Demo, group["id"].Str())).Status().ShouldBe(204);
        var gone = await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/quotas/{Demo.TenantId}/details"))).Json();
        gone["quota"]!["security_group_rule"]!["used"]!.GetValue<int>().ShouldBe(rulesBefore);
    }
}
