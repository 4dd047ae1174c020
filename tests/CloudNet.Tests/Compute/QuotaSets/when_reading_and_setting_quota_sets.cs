using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Admin.Tenants;
using CloudNet.Tests.Reliability;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute.QuotaSets;

/// <summary>
/// Nova's quota sets: the limits (the configured defaults, or an admin's), what the project holds of each, the defaults;
/// an admin's PUT and DELETE as events; and the floating IP quota, the one enforced, following what the admin set.
/// </summary>
public class when_reading_and_setting_quota_sets(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly string[] At21 =
    [
        "cores", "fixed_ips", "floating_ips", "id", "injected_file_content_bytes", "injected_file_path_bytes", "injected_files", "instances",
        "key_pairs", "metadata_items", "ram", "security_group_rules", "security_groups", "server_group_members", "server_groups",
    ];

    async Task<JsonNode> QuotaSet(TestAccount account, string url, string? microversion = null)
    {
        var result = await app.Host.As(account, x =>
        {
            x.Get.Url(url);
            if (microversion is not null) x.WithRequestHeader("OpenStack-API-Version", $"compute {microversion}");
        });
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, $"{url}: {text}");
        return JsonNode.Parse(text)!["quota_set"]!;
    }

    Task<IScenarioResult> Put(TestAccount account, string project, object quotaSet) =>
        app.Host.As(account, x => x.Put.Json(new { quota_set = quotaSet }).ToUrl($"/os-quota-sets/{project}"));

    [Fact]
    public async Task a_project_reads_its_defaults_with_every_resource_of_microversion_2_1()
    {
        var tenant = await app.Host.NewTenant("quota-defaults");
        var quota = await QuotaSet(tenant, $"/v2/{tenant.TenantId}/os-quota-sets/{tenant.TenantId}");
        quota.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ShouldBe(At21);
        quota["id"].Str().ShouldBe(tenant.TenantId);
        (quota["instances"]!.GetValue<int>(), quota["cores"]!.GetValue<int>(), quota["ram"]!.GetValue<int>(), quota["floating_ips"]!.GetValue<int>(),
            quota["key_pairs"]!.GetValue<int>(), quota["fixed_ips"]!.GetValue<int>()).ShouldBe((10, 20, 51200, 10, 100, -1));
        JsonNode.DeepEquals(await QuotaSet(tenant, $"/os-quota-sets/{tenant.TenantId}/defaults"), quota).ShouldBeTrue();

        var at36 = await QuotaSet(tenant, $"/os-quota-sets/{tenant.TenantId}", "2.36");
        at36.AsObject().Select(p => p.Key).ShouldNotContain("floating_ips");
        at36.AsObject().Select(p => p.Key).ShouldContain("injected_files");
        (await QuotaSet(tenant, $"/os-quota-sets/{tenant.TenantId}", "2.57")).AsObject().Select(p => p.Key).ShouldNotContain("injected_files");
    }

    [Fact]
    public async Task the_detail_counts_what_the_project_holds()
    {
        var tenant = await app.Host.NewTenant("quota-usage");
        foreach (var flavor in new[] { "2", "general1-4" })
            (await app.Host.As(tenant, x => x.Post.Json(new { server = new { name = "s", imageRef = "cirros-0.6.2", flavorRef = flavor, networks = "none" } })
                .ToUrl("/servers"))).Status().ShouldBe(202);
        (await app.Host.As(tenant, x => x.Post.Json(new { server = new { name = "unsized", imageRef = "i", flavorRef = "custom", networks = "none" } })
            .ToUrl("/servers"))).Status().ShouldBe(202);
        (await app.Host.As(tenant, x => x.Post.Json(new { keypair = new { name = "k" } }).ToUrl("/os-keypairs"))).Status().ShouldBe(200);
        await app.Host.AllocateFloatingIp(tenant);

        var detail = await QuotaSet(tenant, $"/os-quota-sets/{tenant.TenantId}/detail");
        detail["id"].Str().ShouldBe(tenant.TenantId);
        int InUse(string resource) => detail[resource]!["in_use"]!.GetValue<int>();
        // The project's default security group came with its first server, its four rules with it.
        (InUse("instances"), InUse("cores"), InUse("ram"), InUse("key_pairs"), InUse("floating_ips"), InUse("security_groups"), InUse("security_group_rules"))
            .ShouldBe((3, 1 + 4, 2048 + 4096, 1, 1, 1, 4));
        JsonNode.DeepEquals(detail["cores"], JsonNode.Parse("""{"in_use":5,"limit":20,"reserved":0}""")).ShouldBeTrue(detail["cores"]!.ToJsonString());

        var limits = (await (await app.Host.As(tenant, x => x.Get.Url("/limits"))).Json())["limits"]!["absolute"]!;
        (limits["totalInstancesUsed"]!.GetValue<int>(), limits["totalCoresUsed"]!.GetValue<int>(), limits["totalRAMUsed"]!.GetValue<int>(),
            limits["maxTotalKeypairs"]!.GetValue<int>()).ShouldBe((3, 5, 6144, 100));
    }

    [Fact]
    public async Task another_projects_quotas_are_an_admins_to_read_and_only_an_admin_sets_them()
    {
        var tenant = await app.Host.NewTenant("quota-guarded");
        foreach (var url in new[] { $"/os-quota-sets/{tenant.TenantId}", $"/os-quota-sets/{tenant.TenantId}/detail" })
            await (await app.Host.As(TestAccount.Demo, x => x.Get.Url(url))).ShouldBeNovaFault(403, "forbidden");
        (await QuotaSet(TestAccount.Demo, $"/os-quota-sets/{tenant.TenantId}/defaults"))["instances"]!.GetValue<int>().ShouldBe(10);
        (await QuotaSet(TestAccount.Admin, $"/os-quota-sets/{tenant.TenantId}"))["id"].Str().ShouldBe(tenant.TenantId);

        await (await Put(tenant, tenant.TenantId, new { instances = 50 })).ShouldBeNovaFault(403, "forbidden");
        await (await app.Host.As(tenant, x => x.Delete.Url($"/os-quota-sets/{tenant.TenantId}"))).ShouldBeNovaFault(403, "forbidden");
        (await QuotaSet(tenant, $"/os-quota-sets/{tenant.TenantId}"))["instances"]!.GetValue<int>().ShouldBe(10);
    }

    [Fact]
    public async Task an_admins_floating_ip_quota_is_enforced_and_a_delete_restores_the_default()
    {
        var tenant = await app.Host.NewTenant("quota-set");
        var put = await Put(TestAccount.Admin, tenant.TenantId, new { floating_ips = 1, instances = "25", key_pairs = -1 });
        var text = await put.ReadAsTextAsync();
        put.Status().ShouldBe(200, text);
        var answered = JsonNode.Parse(text)!["quota_set"]!;
        answered.AsObject().ContainsKey("id").ShouldBeFalse();
        (answered["floating_ips"]!.GetValue<int>(), answered["instances"]!.GetValue<int>(), answered["key_pairs"]!.GetValue<int>(), answered["cores"]!.GetValue<int>())
            .ShouldBe((1, 25, -1, 20));
        var shown = await QuotaSet(tenant, $"/os-quota-sets/{tenant.TenantId}");
        foreach (var (resource, limit) in answered.AsObject()) shown[resource]!.GetValue<int>().ShouldBe(limit!.GetValue<int>(), resource);

        await app.Host.AllocateFloatingIp(tenant);
        (await app.Host.As(tenant, x => x.Post.Url("/os-floating-ips"))).Status().ShouldBe(403);
        var neutron = await app.Host.As(tenant, x => x.Post.Json(new { floatingip = new { floating_network_id = ExternalNetwork() } }).ToUrl("/v2.0/floatingips"));
        neutron.Status().ShouldBe(409, "Neutron's view of the same quota");
        (await (await app.Host.As(tenant, x => x.Get.Url("/limits"))).Json())["limits"]!["absolute"]!["maxTotalFloatingIps"]!.GetValue<int>().ShouldBe(1);

        // Below what the project holds: refused, unless forced.
        (await (await Put(TestAccount.Admin, tenant.TenantId, new { floating_ips = 0 })).ShouldBeNovaFault(400, "badRequest"))
            .ShouldBe("Quota limit 0 for floating_ips must be greater than or equal to already used and reserved 1.");
        (await Put(TestAccount.Admin, tenant.TenantId, new { floating_ips = 0, force = true })).Status().ShouldBe(200);

        (await app.Host.As(TestAccount.Admin, x => x.Delete.Url($"/os-quota-sets/{tenant.TenantId}"))).Status().ShouldBe(202);
        (await QuotaSet(tenant, $"/os-quota-sets/{tenant.TenantId}"))["floating_ips"]!.GetValue<int>().ShouldBe(10);
        await app.Host.AllocateFloatingIp(tenant);

        // -1 is unlimited.
        (await Put(TestAccount.Admin, tenant.TenantId, new { floating_ips = -1 })).Status().ShouldBe(200);
        for (var i = 0; i < 10; i++) await app.Host.AllocateFloatingIp(tenant);
    }

    static string ExternalNetwork() => CloudNet.Compute.FloatingIps.Pools.FloatingIpPool.NetworkIdOf("default").ToString();

    [Theory]
    [InlineData("""{"quota_set":{"unicorns":3}}""")]
    [InlineData("""{"quota_set":{"instances":-2}}""")]
    [InlineData("""{"quota_set":{"instances":"many"}}""")]
    [InlineData("""{"quota_set":{"instances":1.5}}""")]
    [InlineData("""{"quota_set":{"force":"perhaps"}}""")]
    [InlineData("""{"other":{}}""")]
    public async Task a_bad_quota_set_is_refused_and_nothing_changes(string body)
    {
        var reply = await app.Host.SendRawAsync(new RawRequest("PUT", $"/os-quota-sets/{TestAccount.Other.TenantId}")
            .WithHeader("X-Auth-Token", await app.Host.TokenFor(TestAccount.Admin)).WithJson(body));
        reply.Status.ShouldBe(400, reply.ToString());
        reply.Json["badRequest"]!["message"].Str().ShouldNotBeNullOrWhiteSpace();
        (await QuotaSet(TestAccount.Other, $"/os-quota-sets/{TestAccount.Other.TenantId}"))["instances"]!.GetValue<int>().ShouldBe(10);
    }

    [Fact]
    public async Task an_unknown_project_cannot_be_given_quotas()
    {
        (await (await Put(TestAccount.Admin, "no-such-project", new { instances = 5 })).ShouldBeNovaFault(400, "badRequest"))
            .ShouldBe("Project ID no-such-project is not a valid project.");
    }

    [Fact]
    public async Task floating_ips_are_not_a_quota_from_microversion_2_36()
    {
        var result = await app.Host.As(TestAccount.Admin, x =>
        {
            x.Put.Json(new { quota_set = new { floating_ips = 3 } }).ToUrl($"/os-quota-sets/{TestAccount.Demo.TenantId}");
            x.WithRequestHeader("OpenStack-API-Version", "compute 2.36");
        });
        await result.ShouldBeNovaFault(400, "badRequest");
    }
}
