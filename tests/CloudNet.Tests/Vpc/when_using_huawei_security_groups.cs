using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>Huawei's v1 and v3 security groups and rules, and their tags: views of Neutron's groups, each seeing what the others did.</summary>
public class when_using_huawei_security_groups(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly string P = Demo.TenantId;

    static IEnumerable<string> Ids(JsonNode list) => list.AsArray().Select(x => x!["id"].Str());

    [Fact]
    public async Task a_v1_group_is_a_neutron_group_with_huaweis_first_rules_and_its_rules_are_neutrons()
    {
        var vpc = await app.Host.NewVpc(Demo, "10.71.0.0/16");
        var made = await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{P}/security-groups", $$$"""{"security_group":{"name":"web-1","vpc_id":"{{{vpc}}}"}}""");
        made.Status.ShouldBe(200, made.ToString());
        var group = made.Json["security_group"]!;
        var id = group["id"].Str();
        (group["name"].Str(), group["vpc_id"].Str(), group["enterprise_project_id"].Str()).ShouldBe(("web-1", vpc, "0"));
        // Huawei's first rules: out anywhere, in from the group's own members, IPv4 and IPv6.
        group["security_group_rules"]!.AsArray().Select(r => (r!["direction"].Str(), r["ethertype"].Str(), r["remote_group_id"]?.GetValue<string>()))
            .Order().ShouldBe(new[] { ("egress", "IPv4", (string?)null), ("egress", "IPv6", null), ("ingress", "IPv4", id), ("ingress", "IPv6", id) }.Order());

        var neutron = await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/security-groups/{id}");
        neutron.Status.ShouldBe(200, neutron.ToString());
        neutron.Json["security_group"]!["name"].Str().ShouldBe("web-1");

        var rule = await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{P}/security-group-rules",
            $$$"""{"security_group_rule":{"security_group_id":"{{{id}}}","direction":"ingress","protocol":"tcp","port_range_min":22,"port_range_max":22,"remote_ip_prefix":"10.0.0.0/8","description":"ssh"}}""");
        rule.Status.ShouldBe(200, rule.ToString());
        var ruleId = rule.Json["security_group_rule"]!["id"].Str();
        rule.Json["security_group_rule"]!["tenant_id"].Str().ShouldBe(P);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/security-group-rules/{ruleId}")).Json["security_group_rule"]!["port_range_max"]!
            .GetValue<int>().ShouldBe(22);
        (await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{P}/security-group-rules",
                $$$"""{"security_group_rule":{"security_group_id":"{{{id}}}","direction":"ingress","protocol":"tcp","port_range_min":22,"port_range_max":22,"remote_ip_prefix":"10.0.0.0/8"}}"""))
            .ShouldBeHuaweiError(409, "VPC.0602").ShouldContain(ruleId);
        (await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{P}/security-group-rules",
                $$$"""{"security_group_rule":{"security_group_id":"{{{id}}}","direction":"ingress","protocol":"tcp","port_range_min":30,"port_range_max":20}}"""))
            .ShouldBeHuaweiError(400, "VPC.0601");
        (await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{P}/security-group-rules",
                $$$"""{"security_group_rule":{"security_group_id":"{{{Guid.NewGuid()}}}","direction":"ingress"}}"""))
            .ShouldBeHuaweiError(404, "VPC.0603");

        // A rule Neutron adds shows through Huawei; lists filter and page.
        var neutronRule = (await app.Host.Send(Demo, HttpMethod.Post, "/v2.0/security-group-rules",
            $$$"""{"security_group_rule":{"security_group_id":"{{{id}}}","direction":"ingress","protocol":"udp"}}""")).Json["security_group_rule"]!["id"].Str();
        var rules = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-group-rules?security_group_id={id}");
        Ids(rules.Json["security_group_rules"]!).Count().ShouldBe(6);
        Ids(rules.Json["security_group_rules"]!).ShouldContain(neutronRule);
        var first = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-group-rules?security_group_id={id}&limit=4");
        var rest = await app.Host.Send(Demo, HttpMethod.Get,
            $"/v1/{P}/security-group-rules?security_group_id={id}&limit=4&marker={Ids(first.Json["security_group_rules"]!).Last()}");
        Ids(first.Json["security_group_rules"]!).Concat(Ids(rest.Json["security_group_rules"]!)).ShouldBe(Ids(rules.Json["security_group_rules"]!));
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-group-rules?limit=x")).ShouldBeHuaweiError(400, "VPC.0601");

        var byVpc = await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-groups?vpc_id={vpc}");
        Ids(byVpc.Json["security_groups"]!).ShouldBe([id]);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-groups?vpc_id=default")).ShouldBeHuaweiError(400, "VPC.0601");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-groups")).Json["security_groups"]!.AsArray()
            .Select(g => g!["name"].Str()).ShouldContain("default");

        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{P}/security-group-rules/{ruleId}")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-group-rules/{ruleId}")).ShouldBeHuaweiError(404, "VPC.0604");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/security-group-rules/{ruleId}")).Status.ShouldBe(404);
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{P}/security-groups/{id}")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-groups/{id}")).ShouldBeHuaweiError(404, "VPC.0603");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/security-groups/{id}")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task a_group_a_port_uses_and_the_default_group_stay_and_bad_input_leaves_nothing()
    {
        var network = await app.Host.NewVpcWithSubnet(Demo, 72);
        var group = (await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{P}/security-groups", """{"security_group":{"name":"used"}}""")).Json["security_group"]!["id"].Str();
        var port = await app.Host.CreateHuaweiPort(Demo, new JsonObject { ["network_id"] = network, ["security_groups"] = new JsonArray(group) });
        port.Status.ShouldBe(200, port.ToString());
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{P}/security-groups/{group}")).ShouldBeHuaweiError(409, "VPC.0602");
        var v3 = await app.Host.Send(Demo, HttpMethod.Delete, $"/v3/{P}/vpc/security-groups/{group}");
        v3.Status.ShouldBe(409, v3.ToString());
        v3.Json["error_code"].Str().ShouldBe("VPC.9902");
        var defaultId = (await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/security-groups?name=default")).Json["security_groups"]![0]!["id"].Str();
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{P}/security-groups/{defaultId}")).ShouldBeHuaweiError(409, "VPC.0602");

        var before = (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-groups")).Json["security_groups"]!.AsArray().Count;
        foreach (var body in new[]
                 {
                     """{"security_group":{}}""", """{"security_group":{"name":"has space"}}""", """{"security_group":{"name":"default"}}""",
                     """{"security_group":{"name":"x","vpc_id":"nope"}}""", """{"security_group":{"name":"x","enterprise_project_id":"other"}}""",
                     """{"security_group":{"name":"x","colour":"red"}}""", $$$"""{"security_group":{"name":"{{{new string('a', 65)}}}"}}""",
                 })
        {
            var refused = await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{P}/security-groups", body);
            refused.Status.ShouldBeOneOf([400, 409], refused.ToString());
            refused.ShouldBeHuaweiError(refused.Status, refused.Status == 400 ? "VPC.0601" : "VPC.0602");
        }
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-groups")).Json["security_groups"]!.AsArray().Count.ShouldBe(before);
        (await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v1/{TestAccount.Other.TenantId}/security-groups/{group}"))
            .ShouldBeHuaweiError(404, "VPC.0603");
    }

    [Fact]
    public async Task v3_creates_updates_lists_and_deletes_the_same_groups_and_rules()
    {
        var made = await app.Host.Send(Demo, HttpMethod.Post, $"/v3/{P}/vpc/security-groups",
            """{"security_group":{"name":"v3-group","description":"made by v3","tags":[{"key":"env","value":"prod"}]}}""");
        made.Status.ShouldBe(201, made.ToString());
        made.Json["request_id"].Str().ShouldStartWith("req-");
        var group = made.Json["security_group"]!;
        var id = group["id"].Str();
        (group["name"].Str(), group["description"].Str(), group["project_id"].Str()).ShouldBe(("v3-group", "made by v3", P));
        group["tags"]!.AsArray().Select(t => (t!["key"].Str(), t["value"].Str())).ShouldBe([("env", "prod")]);
        group["security_group_rules"]!.AsArray().Count.ShouldBe(4);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/security-groups/{id}")).Json["security_group"]!["tags"]!.AsArray()
            .Select(t => t!.GetValue<string>()).ShouldBe(["env=prod"]);

        var dry = await app.Host.Send(Demo, HttpMethod.Post, $"/v3/{P}/vpc/security-groups", """{"security_group":{"name":"dry"},"dry_run":true}""");
        dry.Status.ShouldBe(202, dry.ToString());
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/security-groups?name=dry")).Json["security_groups"]!.AsArray().ShouldBeEmpty();

        var rule = await app.Host.Send(Demo, HttpMethod.Post, $"/v3/{P}/vpc/security-group-rules",
            $$$"""{"security_group_rule":{"security_group_id":"{{{id}}}","direction":"ingress","protocol":"tcp","multiport":"8000-8080","priority":"5","remote_ip_prefix":"192.168.0.0/16","action":"allow"}}""");
        rule.Status.ShouldBe(201, rule.ToString());
        var shown = rule.Json["security_group_rule"]!;
        var ruleId = shown["id"].Str();
        (shown["multiport"].Str(), shown["priority"]!.GetValue<int>(), shown["action"].Str(), shown["enabled"]!.GetValue<bool>())
            .ShouldBe(("8000-8080", 5, "allow", true));
        var neutron = (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/security-group-rules/{ruleId}")).Json["security_group_rule"]!;
        (neutron["port_range_min"]!.GetValue<int>(), neutron["port_range_max"]!.GetValue<int>()).ShouldBe((8000, 8080));
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-group-rules/{ruleId}")).Json["security_group_rule"]!["protocol"].Str().ShouldBe("tcp");

        foreach (var refused in new[]
                 {
                     """ "action":"deny" """, """ "enabled":false """, """ "multiport":"22,80" """, """ "priority":"101" """, """ "multiport":"x" """,
                 })
        {
            var reply = await app.Host.Send(Demo, HttpMethod.Post, $"/v3/{P}/vpc/security-group-rules",
                $$$"""{"security_group_rule":{"security_group_id":"{{{id}}}","direction":"ingress","protocol":"udp",{{{refused}}}}}""");
            reply.Status.ShouldBe(400, reply.ToString());
            reply.Json["error_code"].Str().ShouldBe("VPC.9901");
        }

        var listed = await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/security-group-rules?security_group_id={id}&protocol=tcp&priority=5");
        Ids(listed.Json["security_group_rules"]!).ShouldBe([ruleId]);
        var page = await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/security-group-rules?security_group_id={id}&limit=2");
        page.Json["page_info"]!["current_count"]!.GetValue<int>().ShouldBe(2);
        page.Json["page_info"]!["next_marker"].ShouldNotBeNull();

        var renamed = await app.Host.Send(Demo, HttpMethod.Put, $"/v3/{P}/vpc/security-groups/{id}", """{"security_group":{"name":"renamed","description":"again"}}""");
        renamed.Status.ShouldBe(200, renamed.ToString());
        renamed.Json["security_group"]!["name"].Str().ShouldBe("renamed");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{P}/security-groups/{id}")).Json["security_group"]!["name"].Str().ShouldBe("renamed");
        Ids((await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/security-groups?id={id}&name=renamed")).Json["security_groups"]!).ShouldBe([id]);

        var missing = await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/security-groups/{Guid.NewGuid()}");
        missing.Status.ShouldBe(404);
        string.Join(",", missing.Json.AsObject().Select(p => p.Key).Order()).ShouldBe("error_code,error_msg,request_id");
        missing.Json["error_code"].Str().ShouldBe("VPC.9904");

        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v3/{P}/vpc/security-group-rules/{ruleId}")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/security-group-rules/{ruleId}")).Json["error_code"].Str().ShouldBe("VPC.9904");
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v3/{P}/vpc/security-groups/{id}")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/security-groups/{id}")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task a_groups_huawei_tags_are_its_neutron_tags()
    {
        var id = (await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{P}/security-groups", """{"security_group":{"name":"tagged"}}""")).Json["security_group"]!["id"].Str();
        (await app.Host.Send(Demo, HttpMethod.Post, $"/v2.0/{P}/security-groups/{id}/tags", """{"tag":{"key":"team","value":"net"}}""")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Post, $"/v2.0/{P}/security-groups/{id}/tags/action",
            """{"action":"create","tags":[{"key":"tier","value":"web"}]}""")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/security-groups/{id}")).Json["security_group"]!["tags"]!.AsArray()
            .Select(t => t!.GetValue<string>()).Order().ShouldBe(["team=net", "tier=web"]);
        (await app.Host.Send(Demo, HttpMethod.Put, $"/v2.0/security-groups/{id}/tags/owner=ops", null)).Status.ShouldBeOneOf(200, 201);
        var tags = await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/{P}/security-groups/{id}/tags");
        tags.Json["tags"]!.AsArray().Select(t => $"{t!["key"].Str()}={t["value"].Str()}").Order().ShouldBe(["owner=ops", "team=net", "tier=web"]);

        var found = await app.Host.Send(Demo, HttpMethod.Post, $"/v2.0/{P}/security-groups/resource_instances/action",
            """{"action":"filter","tags":[{"key":"tier","values":["web"]}]}""");
        found.Json["resources"]!.AsArray().Select(r => r!["resource_id"].Str()).ShouldBe([id]);
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v2.0/{P}/security-groups/tags")).Json["tags"]!.AsArray()
            .Select(t => t!["key"].Str()).ShouldContain("tier");
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v2.0/{P}/security-groups/{id}/tags/team")).Status.ShouldBe(204);
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v2.0/{P}/security-groups/{id}/tags/team")).ShouldBeHuaweiError(404, "VPC.1801");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v3/{P}/vpc/security-groups/{id}")).Json["security_group"]!["tags"]!.AsArray().Count.ShouldBe(2);
        (await app.Host.Send(TestAccount.Other, HttpMethod.Get, $"/v2.0/{TestAccount.Other.TenantId}/security-groups/{id}/tags"))
            .ShouldBeHuaweiError(404, "VPC.0603");
    }
}
