using System.Text.Json.Nodes;
using CloudNet.Tests.History;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Networks.SharedIps;
using CloudNet.Tests.Support;
using CloudNet.Tests.Vpc;

namespace CloudNet.Tests.Admin.Tenants;

public sealed class RoomyTenants : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FloatingIpPools:0:Name"] = "default",
        ["FloatingIpPools:0:Cidr"] = "203.0.113.0/24",
        ["Quotas:FloatingIps"] = "1000",
    };
}

public class when_working_in_tenants_on_demand(RoomyTenants app) : IClassFixture<RoomyTenants>
{
    [Fact]
    public async Task a_new_tenant_works_with_a_token_basic_auth_and_its_api_key()
    {
        var tenant = await app.Host.NewTenant("ci-run-1");

        var ip = await app.Host.AllocateFloatingIp(tenant);
        var basic = await app.Host.Scenario(x =>
        {
            x.WithRequestHeader("Authorization", tenant.BasicHeader);
            x.Get.Url("/os-floating-ips");
        });
        var apiKey = await app.Host.Scenario(x =>
        {
            x.Post.Json(new Dictionary<string, object> { ["auth"] = new Dictionary<string, object>
            {
                ["RAX-KSKEY:apiKeyCredentials"] = new { username = tenant.User, apiKey = tenant.ApiKey },
            } }).ToUrl("/v2.0/tokens");
        });

        (await basic.Json())["floating_ips"]!.AsArray().Select(x => x!["id"].Str()).ShouldBe([ip["id"].Str()]);
        (await apiKey.Json())["access"]!["token"]!["tenant"]!["id"].Str().ShouldBe(tenant.TenantId);
    }

    [Fact]
    public async Task parallel_tenants_do_not_see_each_other()
    {
        var tenants = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => app.Host.NewTenant($"parallel-{i}")));

        var made = await Task.WhenAll(tenants.Select(async t =>
            (Tenant: t, Server: (await app.Host.CreateServer(t, "s"))["id"].Str(), Ip: (await app.Host.AllocateFloatingIp(t))["id"].Str())));

        foreach (var (tenant, server, ip) in made)
        {
            (await app.Host.ListFloatingIps(tenant)).Select(x => x!["id"].Str()).ShouldBe([ip]);
            var servers = await app.Host.As(tenant, x => x.Get.Url("/servers"));
            (await servers.Json())["servers"]!.AsArray().Select(x => x!["id"].Str()).ShouldBe([server]);
            foreach (var other in made.Where(m => m.Tenant != tenant))
            {
                await (await app.Host.ShowFloatingIp(tenant, other.Ip)).ShouldBeNovaFault(404, "itemNotFound");
                (await app.Host.As(tenant, x => x.Get.Url($"/servers/{other.Server}"))).Status().ShouldBe(404);
            }
        }
    }

    [Fact]
    public async Task reset_empties_one_tenant_and_not_the_other_and_history_survives()
    {
        var (a, b) = (await app.Host.NewTenant("a"), await app.Host.NewTenant("b"));
        var made = await Populate(a);
        await Populate(b);
        var kept = await Everything(b);

        var reset = await app.Host.Reset(a.TenantId);

        reset["servers"]!.GetValue<int>().ShouldBe(2);
        reset["floating_ips"]!.GetValue<int>().ShouldBe(2);
        (await Everything(a)).ShouldBeEmpty();
        (await Everything(b)).ShouldBe(kept);

        // History still tells what was there, and that the reset ended it.
        var log = await app.Host.EventsOf(a, HistoryKinds.FloatingIps, made["attached-ip"]);
        log.Select(e => e!["type"].Str()).ShouldBe(["floating_ip_allocated", "floating_ip_associated", "floating_ip_disassociated", "floating_ip_released"]);
        log[^1]!["command"].Str().ShouldBe("ResetTenant");
        log[^1]!["user"].Str().ShouldBe("admin");
        var before = log[1]!["timestamp"].Str();
        var then = await app.Host.HistoryOk(a, $"/history/floating-ips/{made["attached-ip"]}?at={Uri.EscapeDataString(before)}");
        then["floating_ip"]!["instance_id"].Str().ShouldBe(made["server"]);
        var serverLog = await app.Host.EventsOf(a, HistoryKinds.Servers, made["server"]);
        serverLog[^1]!["type"].Str().ShouldBe("server_deleted");

        // The addresses are free again, and the tenant goes on working.
        var again = await app.Host.AllocateFloatingIp(a);
        new[] { made["attached-address"], made["free-address"] }.ShouldContain(again["ip"].Str());
        (await app.Host.CreateServer(a, "after")).ShouldNotBeNull();
    }

    [Fact]
    public async Task a_configured_tenant_can_be_reset_too_and_is_then_listed()
    {
        var tenant = await app.Host.NewTenant("configured-like");
        await app.Host.AllocateFloatingIp(tenant);
        await app.Host.Reset(tenant.TenantId);
        await app.Host.Reset(tenant.TenantId);

        var list = await app.Host.As(TestAccount.Admin, x => x.Get.Url("/_cloudnet/tenants"));
        var entry = (await list.Json())["tenants"]!.AsArray().Single(t => t!["id"].Str() == tenant.TenantId)!;

        entry["resets"]!.GetValue<int>().ShouldBe(2);
        (await app.Host.ListFloatingIps(tenant)).ShouldBeEmpty();
    }

    [Fact]
    public async Task only_an_admin_may_use_the_admin_api()
    {
        var demo = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/_cloudnet/tenants"));
        var reset = await app.Host.As(TestAccount.Demo, x => x.Post.Url($"/_cloudnet/tenants/{TestAccount.Demo.TenantId}/reset"));
        var unknown = await app.Host.As(TestAccount.Admin, x => x.Post.Url("/_cloudnet/tenants/nobody/reset"));

        (await demo.ShouldBeProblem(403))["code"].Str().ShouldBe("NotAdmin");
        (await reset.ShouldBeProblem(403))["code"].Str().ShouldBe("NotAdmin");
        (await unknown.ShouldBeProblem(404))["code"].Str().ShouldBe("TenantNotFound");
    }

    /// <summary>A server with a floating IP attached and a shared IP associated, a free floating IP, a network with a
    /// server port on it, a VPC subnet with a private IP.</summary>
    async Task<Dictionary<string, string>> Populate(TestAccount tenant)
    {
        var network = await app.Host.CreateIsolatedNetwork(tenant, "own", "192.168.50.0/24");
        var server = (await app.Host.CreateServer(tenant, "main", new object[] { new { uuid = Scenarios.PublicNet }, new { uuid = network["id"].Str() } }))["id"].Str();
        var partner = (await app.Host.CreateServer(tenant, "partner", new object[] { new { uuid = Scenarios.PublicNet } }))["id"].Str();
        var attached = await app.Host.AllocateFloatingIp(tenant);
        (await app.Host.AddFloatingIp(tenant, server, attached["ip"].Str())).Status().ShouldBe(202);
        var free = await app.Host.AllocateFloatingIp(tenant);
        var shared = await app.Host.ProvisionFor(tenant, Scenarios.PublicNet, server, partner);
        (await app.Host.Associate(tenant, server, shared["id"].Str())).Status().ShouldBe(201);
        var subnet = await app.Host.CreateVpcSubnet(tenant, "10.77.0.0/24");
        var privateIp = await app.Host.AssignOne(tenant, subnet);
        return new()
        {
            ["server"] = server, ["attached-ip"] = attached["id"].Str(), ["attached-address"] = attached["ip"].Str(),
            ["free-address"] = free["ip"].Str(), ["private-ip"] = privateIp["id"].Str(),
        };
    }

    /// <summary>Every resource the tenant's GETs list, across the families.</summary>
    async Task<List<string>> Everything(TestAccount tenant)
    {
        var ids = new List<string>();
        async Task Collect(string url, string key, Func<JsonNode, bool>? keep = null)
        {
            var result = await app.Host.As(tenant, x => x.Get.Url(url));
            result.Status().ShouldBe(200, url);
            ids.AddRange((await result.Json())[key]!.AsArray().Where(x => keep?.Invoke(x!) ?? true).Select(x => $"{url}:{x!["id"].Str()}"));
        }
        await Collect("/servers", "servers");
        await Collect("/os-floating-ips", "floating_ips");
        await Collect("/v2.0/ip_addresses", "ip_addresses");
        await Collect("/v2.0/networks", "networks", n => n["tenant_id"].Str() == tenant.TenantId);
        await Collect($"/v1/{tenant.TenantId}/vpcs", "vpcs");
        await Collect($"/v1/{tenant.TenantId}/subnets", "subnets");
        return ids;
    }
}
