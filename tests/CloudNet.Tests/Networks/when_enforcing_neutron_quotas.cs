using System.Text.Json.Nodes;
using CloudNet.Tests.Admin.Tenants;
using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary>Neutron's <c>/v2.0/quotas</c>: a tenant reads its own, the admin sets and resets them, and each create decides the
/// quota in its own transaction, so that parallel creates never pass it.</summary>
public class when_enforcing_neutron_quotas(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly TestAccount Other = TestAccount.Other;

    async Task<JsonNode> Quota(TestAccount account, string project, string suffix = "")
    {
        var result = await app.Host.As(account, x => x.Get.Url($"/v2.0/quotas/{project}{suffix}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["quota"]!;
    }

    Task<Alba.IScenarioResult> SetQuota(TestAccount account, string project, object quota) =>
        app.Host.As(account, x => x.Put.Json(new { quota }).ToUrl($"/v2.0/quotas/{project}"));

    [Fact]
    public async Task a_tenant_reads_its_defaults_and_its_usage()
    {
        var quota = await Quota(Demo, Demo.TenantId);
        quota.AsObject().Select(p => p.Key).Order().ShouldBe(["floatingip", "network", "port", "router", "security_group", "security_group_rule", "subnet"]);
        (quota["network"]!.GetValue<int>(), quota["subnet"]!.GetValue<int>(), quota["port"]!.GetValue<int>(), quota["floatingip"]!.GetValue<int>())
            .ShouldBe((100, 100, 500, 10));
        (await Quota(Demo, Demo.TenantId, "/default"))["port"]!.GetValue<int>().ShouldBe(500);

        await app.Host.CreateNetworkWithSubnet(Demo, "counted", "192.168.130.0/24");
        var details = await Quota(Demo, Demo.TenantId, "/details");
        details["network"]!["used"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        details["subnet"]!["used"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        details["port"]!["limit"]!.GetValue<int>().ShouldBe(500);

        await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/quotas/{Other.TenantId}"))).ShouldBeNeutronError(403, "PolicyNotAuthorized");
        await (await SetQuota(Demo, Demo.TenantId, new { port = 1 })).ShouldBeNeutronError(403, "PolicyNotAuthorized");
        await (await app.Host.As(Demo, x => x.Get.Url("/v2.0/quotas"))).ShouldBeNeutronError(403, "PolicyNotAuthorized");
    }

    [Fact]
    public async Task the_admin_sets_a_quota_that_creates_then_meet_and_a_delete_gives_the_default_back()
    {
        var tenant = await app.Host.NewTenant("quota-tenant");
        var set = await SetQuota(TestAccount.Admin, tenant.TenantId, new { network = 1, subnet = 1, port = 2 });
        set.Status().ShouldBe(200, await set.ReadAsTextAsync());
        (await set.Json())["quota"]!["port"]!.GetValue<int>().ShouldBe(2);
        var listed = (await (await app.Host.As(TestAccount.Admin, x => x.Get.Url("/v2.0/quotas"))).Json())["quotas"]!.AsArray();
        listed.Single(q => q!["project_id"].Str() == tenant.TenantId)!["network"]!.GetValue<int>().ShouldBe(1);

        var network = await app.Host.CreateNetwork(tenant, "only-one");
        await (await app.Host.As(tenant, x => x.Post.Json(new { network = new { name = "two" } }).ToUrl("/v2.0/networks")))
            .ShouldBeNeutronError(409, "OverQuota");
        await app.Host.CreateSubnet(tenant, network["id"].Str(), "10.40.0.0/24");
        (await app.Host.PostSubnet(tenant, new { network_id = network["id"].Str(), cidr = "10.41.0.0/24", ip_version = 4 }))
            .Status().ShouldBe(409);
        await app.Host.CreatePort(tenant, new { network_id = network["id"].Str() });
        await app.Host.CreatePort(tenant, new { network_id = network["id"].Str() });
        (await (await app.Host.PostPort(tenant, new { network_id = network["id"].Str() })).ShouldBeNeutronError(409, "OverQuota"))
            .ShouldContain("port");
        // nova's ports count too: a server would need a third.
        var server = await app.Host.As(tenant, x => x.Post.Json(new { server = new { name = "s", imageRef = "i", flavorRef = "f", networks = new[] { new { uuid = network["id"].Str() } } } })
            .ToUrl("/servers"));
        await server.ShouldBeNovaFault(403, "forbidden");

        (await app.Host.As(TestAccount.Admin, x => x.Delete.Url($"/v2.0/quotas/{tenant.TenantId}"))).Status().ShouldBe(204);
        (await Quota(TestAccount.Admin, tenant.TenantId))["network"]!.GetValue<int>().ShouldBe(100);
        await app.Host.CreatePort(tenant, new { network_id = network["id"].Str() });
    }

    [Fact]
    public async Task parallel_creates_never_pass_the_quota()
    {
        var tenant = await app.Host.NewTenant("quota-race");
        (await SetQuota(TestAccount.Admin, tenant.TenantId, new { port = 3, floatingip = 2 })).Status().ShouldBe(200);
        var network = await app.Host.CreateNetwork(tenant, "race");
        await app.Host.CreateSubnet(tenant, network["id"].Str(), "10.42.0.0/24");

        var ports = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.Host.PostPort(tenant, new { network_id = network["id"].Str() })));
        ports.Count(r => r.Status() == 201).ShouldBe(3);
        ports.Where(r => r.Status() != 201).ShouldAllBe(r => r.Status() == 409);
        (await app.Host.ListPorts(tenant)).Count.ShouldBe(3);

        var floating = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Host.PostFloatingIp(tenant, new { floating_network_id = FloatingIpScenarios.DefaultNetwork })));
        floating.Count(r => r.Status() == 201).ShouldBe(2, "the floating IP quota an admin sets is the one nova's and Neutron's allocations share");
        (await Quota(TestAccount.Admin, tenant.TenantId, "/details"))["port"]!["used"]!.GetValue<int>().ShouldBe(3);
    }
}
