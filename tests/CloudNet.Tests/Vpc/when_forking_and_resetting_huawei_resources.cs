using System.Text.Json.Nodes;
using CloudNet.Tests.Admin.Tenants;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>Huawei's VPC updates and tags, virtual IP ports, EIPs and security groups are events like the rest: a fork copies them,
/// a reset ends them.</summary>
public class when_forking_and_resetting_huawei_resources(RoomyTenants app) : IClassFixture<RoomyTenants>
{
    async Task<(TestAccount Tenant, Dictionary<string, string> Ids)> Populate()
    {
        var tenant = await app.Host.NewTenant("huawei");
        var t = tenant.TenantId;
        var vpc = await app.Host.NewVpc(tenant, "10.71.0.0/16", "forked");
        var subnet = (await app.Host.NewHuaweiSubnet(tenant, vpc, "10.71.1.0/24", "10.71.1.1", more: new JsonObject { ["primary_dns"] = "8.8.8.8" }))["id"].Str();
        (await app.Host.Send(tenant, HttpMethod.Put, $"/v1/{t}/vpcs/{vpc}", """{"vpc":{"description":"before the fork"}}""")).Status.ShouldBe(200);
        (await app.Host.Send(tenant, HttpMethod.Post, $"/v2.0/{t}/vpcs/{vpc}/tags", """{"tag":{"key":"env","value":"fork"}}""")).Status.ShouldBe(204);
        (await app.Host.Send(tenant, HttpMethod.Post, $"/v2.0/{t}/subnets/{subnet}/tags", """{"tag":{"key":"tier","value":"db"}}""")).Status.ShouldBe(204);
        var port = (await app.Host.NewHuaweiPort(tenant, subnet, "10.71.1.40", "neutron:VIP_PORT"))["id"].Str();
        var privateIp = await app.Host.AssignOne(tenant, subnet);
        await app.Host.PairPort(tenant, port, privateIp["ip_address"].Str());
        var eip = (await app.Host.ApplyEip(tenant)).Json["publicip"]!["id"].Str();
        (await app.Host.UpdateEip(tenant, eip, new JsonObject { ["port_id"] = port, ["alias"] = "forked-eip" })).Status.ShouldBe(200);
        // A v1 group naming the VPC (the fork's names the fork's VPC), a v3 rule with its priority, a tag.
        var group = (await app.Host.Send(tenant, HttpMethod.Post, $"/v1/{t}/security-groups", $$$"""{"security_group":{"name":"forked-sg","vpc_id":"{{{vpc}}}"}}"""))
            .Json["security_group"]!["id"].Str();
        (await app.Host.Send(tenant, HttpMethod.Post, $"/v3/{t}/vpc/security-group-rules",
            $$$"""{"security_group_rule":{"security_group_id":"{{{group}}}","direction":"ingress","protocol":"tcp","multiport":"443","priority":7}}""")).Status.ShouldBe(201);
        (await app.Host.Send(tenant, HttpMethod.Post, $"/v2.0/{t}/security-groups/{group}/tags", """{"tag":{"key":"tier","value":"web"}}""")).Status.ShouldBe(204);
        return (tenant, new()
        {
            ["vpc"] = vpc, ["subnet"] = subnet, ["port"] = port, ["private-ip"] = privateIp["id"].Str(), ["eip"] = eip, ["security-group"] = group,
        });
    }

    static string[] Reads(string t, IReadOnlyDictionary<string, string> ids) =>
    [
        $"/v1/{t}/vpcs/{ids["vpc"]}", $"/v2.0/{t}/vpcs/{ids["vpc"]}/tags", $"/v1/{t}/subnets/{ids["subnet"]}", $"/v2.0/{t}/subnets/{ids["subnet"]}/tags",
        $"/v1/{t}/ports/{ids["port"]}", $"/v1/{t}/privateips/{ids["private-ip"]}", $"/v1/{t}/publicips/{ids["eip"]}", $"/v1/{t}/quotas",
        $"/v2.0/network-ip-availabilities/{ids["subnet"]}", $"/v1/{t}/security-groups/{ids["security-group"]}",
        $"/v2.0/{t}/security-groups/{ids["security-group"]}/tags",
    ];

    [Fact]
    public async Task a_fork_holds_the_same_vpcs_tags_virtual_ips_and_eips()
    {
        var (original, ids) = await Populate();
        var then = new Dictionary<string, string>();
        foreach (var url in Reads(original.TenantId, ids))
        {
            var reply = await app.Host.Send(original, HttpMethod.Get, url);
            reply.Status.ShouldBe(200, $"{url}: {reply}");
            then[url] = reply.Body;
        }

        var forked = await app.Host.Send(TestAccount.Admin, HttpMethod.Post, $"/_cloudnet/tenants/{original.TenantId}/fork",
            $$$"""{"at":"{{{DateTimeOffset.UtcNow.AddSeconds(1):O}}}"}""");
        forked.Status.ShouldBe(201, forked.ToString());
        var credentials = forked.Json["credentials"]!;
        var fork = new TestAccount(credentials["user"].Str(), credentials["password"].Str(), credentials["api_key"].Str(), credentials["project_id"].Str());
        var map = forked.Json["fork"]!["ids"]!.AsObject().ToDictionary(p => p.Key, p => p.Value.Str());
        var readdressed = forked.Json["fork"]!["readdressed"]!.AsObject().ToDictionary(p => p.Key, p => p.Value.Str());
        var eipAddress = JsonNode.Parse(then[$"/v1/{original.TenantId}/publicips/{ids["eip"]}"])!["publicip"]!["public_ip_address"].Str();
        readdressed.Keys.ToList().ShouldBe(new List<string> { eipAddress }, "the EIP's address is still the original's: the fork's EIP gets another");

        foreach (var (url, body) in then)
        {
            string Mapped(string text) => map.Aggregate(text.Replace(original.TenantId, fork.TenantId), (s, m) => s.Replace(m.Key, m.Value));
            var expected = readdressed.Aggregate(Mapped(body), (s, a) => s.Replace($"\"{a.Key}\"", $"\"{a.Value}\""));
            var reply = await app.Host.Send(fork, HttpMethod.Get, Mapped(url));
            reply.Status.ShouldBe(200, $"{Mapped(url)}: {reply}");
            var actual = JsonNode.Parse(reply.Body)!;
            var expectedNode = JsonNode.Parse(expected)!;
            // The EIP's bandwidth is its own: its id derives from the EIP's.
            actual["publicip"]?["bandwidth_id"].Str().ShouldNotBe(expectedNode["publicip"]?["bandwidth_id"].Str());
            foreach (var node in new[] { actual, expectedNode }) node["publicip"]?.AsObject().Remove("bandwidth_id");
            JsonNode.DeepEquals(actual, expectedNode).ShouldBeTrue($"{Mapped(url)}:\nfork     {actual.ToJsonString()}\noriginal {expectedNode.ToJsonString()}");
        }
    }

    [Fact]
    public async Task a_reset_ends_them_all_and_the_quota_counts_none()
    {
        var (tenant, ids) = await Populate();
        var t = tenant.TenantId;
        await app.Host.Reset(t);
        foreach (var (url, code) in new[]
                 {
                     ($"/v1/{t}/vpcs/{ids["vpc"]}", "VPC.0003"), ($"/v1/{t}/ports/{ids["port"]}", "VPC.0704"),
                     ($"/v1/{t}/publicips/{ids["eip"]}", "VPC.0504"), ($"/v1/{t}/privateips/{ids["private-ip"]}", "VPC.0704"),
                     ($"/v1/{t}/security-groups/{ids["security-group"]}", "VPC.0603"),
                 })
            (await app.Host.Send(tenant, HttpMethod.Get, url)).ShouldBeHuaweiError(404, code);
        var quotas = (await app.Host.Send(tenant, HttpMethod.Get, $"/v1/{t}/quotas")).Json["quotas"]!["resources"]!.AsArray();
        quotas.ShouldAllBe(q => q!["used"]!.GetValue<int>() == 0, quotas.ToJsonString());
        (await app.Host.Send(tenant, HttpMethod.Get, $"/history/vpcs/{ids["vpc"]}/events")).Json["events"]!.AsArray()
            .Select(e => e!["type"].Str()).ShouldBe(["vpc_created", "vpc_subnet_added", "vpc_updated", "vpc_tags_replaced", "vpc_deleted"]);
    }
}
