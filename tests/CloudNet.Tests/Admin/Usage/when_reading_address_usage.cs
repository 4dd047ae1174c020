using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Usage;

/// <summary><c>GET /_cloudnet/usage</c>: each pool's and subnet's size, held and free counts and top holders, for admins.</summary>
public class when_reading_address_usage(AppFixture app) : IClassFixture<AppFixture>
{
    async Task<JsonNode> Usage(string query = "")
    {
        var result = await app.Host.As(TestAccount.Admin, x => x.Get.Url("/_cloudnet/usage" + query));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return await result.Json();
    }

    static JsonNode Pool(JsonNode usage, string name) => usage["pools"]!.AsArray().Single(p => p!["name"].Str() == name)!;

    [Fact]
    public async Task pools_and_subnets_show_their_size_what_is_held_and_by_whom()
    {
        var before = Pool(await Usage(), "default")["held"]!.GetValue<long>();
        for (var i = 0; i < 3; i++) await app.Host.AllocateFloatingIp(TestAccount.Demo);
        await app.Host.AllocateFloatingIp(TestAccount.Other);
        var server = await app.Host.CreateServer(TestAccount.Other, "usage-web");

        var usage = await Usage();
        var pool = Pool(usage, "default");
        pool["cidr"].Str().ShouldBe("203.0.113.0/24");
        pool["size"]!.GetValue<double>().ShouldBe(254); // a floating pool has no gateway: all but network and broadcast
        pool["held"]!.GetValue<long>().ShouldBe(before + 4);
        pool["free"]!.GetValue<double>().ShouldBe(254 - (before + 4));
        var holders = pool["top_holders"]!.AsArray();
        holders[0]!["tenant_id"].Str().ShouldBe(TestAccount.Demo.TenantId);
        holders[0]!["held"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(3);
        holders.Select(h => h!["tenant_id"].Str()).ShouldContain(TestAccount.Other.TenantId);

        // PublicNet's IPv4 subnet holds the server's address, on the shared network (no owner).
        var publicNet = usage["subnets"]!.AsArray()
            .Single(s => s!["network_id"].Str() == Guid.Empty.ToString() && s["ip_version"]!.GetValue<int>() == 4)!;
        publicNet["cidr"].Str().ShouldBe("198.51.100.0/24");
        publicNet["tenant_id"].ShouldBeNull();
        publicNet["size"]!.GetValue<double>().ShouldBe(253);
        publicNet["held"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(1);
        publicNet["top_holders"]!.AsArray().Select(h => h!["tenant_id"].Str()).ShouldContain(TestAccount.Other.TenantId);
        server["id"].Str().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task a_tenant_network_is_listed_with_its_owner()
    {
        var created = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { network = new { cidr = "192.168.77.0/24", label = "usage-net" } })
            .ToUrl("/os-networksv2"));
        created.Status().ShouldBe(200);
        var networkId = (await created.Json())["network"]!["id"].Str();

        var subnet = (await Usage())["subnets"]!.AsArray().Single(s => s!["network_id"].Str() == networkId)!;
        subnet["tenant_id"].Str().ShouldBe(TestAccount.Demo.TenantId);
        subnet["network_name"].Str().ShouldBe("usage-net");
        subnet["cidr"].Str().ShouldBe("192.168.77.0/24");
        subnet["held"]!.GetValue<long>().ShouldBe(0);
        subnet["top_holders"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task top_limits_the_holders_listed()
    {
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
        await app.Host.AllocateFloatingIp(TestAccount.Other);
        Pool(await Usage("?top=1"), "default")["top_holders"]!.AsArray().Count.ShouldBe(1);
        (await app.Host.As(TestAccount.Admin, x => x.Get.Url("/_cloudnet/usage?top=0"))).Status().ShouldBe(400);
    }

    [Fact]
    public async Task only_an_admin_may_read_it()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/_cloudnet/usage"));
        result.Status().ShouldBe(403);
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }
}
